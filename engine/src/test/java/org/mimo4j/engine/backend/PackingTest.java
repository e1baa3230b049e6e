package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/** {@link Packing}'s panels of A and B against the layout the microkernel reads, written out element by element. */
class PackingTest {

    /**
     * {@link Packing#packRowsOfB} for groups of panels, and {@link Packing#packB} panel by panel from row-major B
     * and from its transpose, all write panel jp's row p as B's columns [jp nr, jp nr + nr) of row p0 + p, zeros
     * past n: full and partial last panels (over stale values), a wider leading dimension, an offset, and k
     * blocks that start inside B.
     */
    @Test
    void everyFormWritesThePanelLayout() {
        Rng rng = new Rng(44);
        for (int nr : new int[] {4, 16, 32}) {
            for (int[] shape : new int[][] {{3 * nr, 40}, {3 * nr + 5, 257}, {nr - 1, 7}, {9 * nr + 2, 300}}) {
                int n = shape[0], k = shape[1], ldb = n + 3, ldt = k + 2, off = 11, panels = (n + nr - 1) / nr;
                float[] b = Arrays2.random(rng, off + k * ldb), bt = new float[off + n * ldt];
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < n; j++) {
                        bt[off + j * ldt + p] = b[off + p * ldb + j];
                    }
                }
                for (int p0 = 0; p0 < k; p0 += SgemmCpu.KC) {
                    int kc = Math.min(SgemmCpu.KC, k - p0);
                    float[] expected = new float[panels * kc * nr];
                    for (int jp = 0; jp < panels; jp++) {
                        for (int p = 0; p < kc; p++) {
                            for (int j = 0; j < nr; j++) {
                                int col = jp * nr + j;
                                expected[jp * kc * nr + p * nr + j] = col < n ? b[off + (p0 + p) * ldb + col] : 0f;
                            }
                        }
                    }
                    String what = "nr=" + nr + " n=" + n + " k=" + k + " p0=" + p0;
                    float[] rows = stale(expected.length), panel = stale(expected.length);
                    float[] transposed = stale(expected.length);
                    for (int g0 = 0; g0 < panels; g0 += 2) {
                        Packing.packRowsOfB(b, off, ldb, n, g0, Math.min(panels, g0 + 2), p0, kc, nr, rows, 0);
                    }
                    for (int jp = 0; jp < panels; jp++) {
                        Packing.packB(false, b, off, ldb, n, jp, p0, kc, nr, panel, jp * kc * nr);
                        Packing.packB(true, bt, off, ldt, n, jp, p0, kc, nr, transposed, jp * kc * nr);
                    }
                    assertArrayEquals(expected, rows, "packRowsOfB " + what);
                    assertArrayEquals(expected, panel, "packB " + what);
                    assertArrayEquals(expected, transposed, "packB transposed " + what);
                }
            }
        }
    }

    /**
     * {@link Packing#packA} from A and from its transpose both write panel ip's step p as alpha * A's rows
     * [i0 + ip mr, i0 + ip mr + mr) at column p0 + p, zeros past the block's rows: the AVX2 tiles' 5 and 6 rows
     * and AVX-512's 8, full and partial last panels (over stale values), wider leading dimensions, an offset,
     * blocks of rows and of k that start inside A.
     */
    @Test
    void bothOrientationsWriteTheAPanelLayout() {
        Rng rng = new Rng(45);
        for (int mr : new int[] {5, 6, 8}) {
            for (int[] shape : new int[][] {{4 * mr, 40}, {4 * mr + 3, 300}, {mr - 1, 7}, {97, 64}}) {
                int m = shape[0], k = shape[1], lda = k + 3, ldt = m + 2, off = 7;
                float[] a = Arrays2.random(rng, off + m * lda), at = new float[off + k * ldt];
                for (int i = 0; i < m; i++) {
                    for (int p = 0; p < k; p++) {
                        at[off + p * ldt + i] = a[off + i * lda + p];
                    }
                }
                for (int i0 : new int[] {0, m / 3}) {
                    int rows = m - i0, panels = (rows + mr - 1) / mr;
                    for (int p0 = 0; p0 < k; p0 += SgemmCpu.KC) {
                        int kc = Math.min(SgemmCpu.KC, k - p0);
                        float[] expected = new float[panels * mr * kc];
                        for (int ip = 0; ip < panels; ip++) {
                            for (int p = 0; p < kc; p++) {
                                for (int r = 0; r < mr; r++) {
                                    int row = ip * mr + r;
                                    expected[ip * mr * kc + p * mr + r] =
                                            row < rows ? 0.5f * a[off + (i0 + row) * lda + p0 + p] : 0f;
                                }
                            }
                        }
                        String what = "mr=" + mr + " m=" + m + " k=" + k + " i0=" + i0 + " p0=" + p0;
                        float[] plain = stale(expected.length), transposed = stale(expected.length);
                        Packing.packA(false, a, off, lda, i0, rows, p0, kc, 0.5f, mr, plain, 0);
                        Packing.packA(true, at, off, ldt, i0, rows, p0, kc, 0.5f, mr, transposed, 0);
                        assertArrayEquals(expected, plain, "packA " + what);
                        assertArrayEquals(expected, transposed, "packA transposed " + what);
                    }
                }
            }
        }
    }

    private static float[] stale(int length) {
        float[] a = new float[length];
        Arrays.fill(a, Float.NaN);
        return a;
    }
}
