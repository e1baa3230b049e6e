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
            for (int[] shape : new int[][] {{3 * nr, 40}, {3 * nr + 5, 257}, {nr - 1, 7},
                    {9 * nr + 2, SgemmCpu.KC + 44}}) {
                int n = shape[0], k = shape[1], ldb = n + 3, ldt = k + 2, off = 11, panels = (n + nr - 1) / nr;
                float[] b = Arrays2.random(rng, off + k * ldb), bt = transposed(b, off, k, n, ldb, ldt);
                for (int p0 = 0; p0 < k; p0 += SgemmCpu.KC) {
                    int kc = Math.min(SgemmCpu.KC, k - p0);
                    int first = p0;
                    float[] expected = panelLayout(panels, kc, nr, n, (col, p) -> b[off + (first + p) * ldb + col]);
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
            for (int[] shape : new int[][] {{4 * mr, 40}, {4 * mr + 3, SgemmCpu.KC + 44}, {mr - 1, 7}, {97, 64}}) {
                int m = shape[0], k = shape[1], lda = k + 3, ldt = m + 2, off = 7;
                float[] a = Arrays2.random(rng, off + m * lda), at = transposed(a, off, m, k, lda, ldt);
                for (int i0 : new int[] {0, m / 3}) {
                    int rows = m - i0, panels = (rows + mr - 1) / mr;
                    for (int p0 = 0; p0 < k; p0 += SgemmCpu.KC) {
                        int kc = Math.min(SgemmCpu.KC, k - p0);
                        int firstRow = i0, first = p0;
                        float[] expected = panelLayout(panels, kc, mr, rows,
                                (row, p) -> 0.5f * a[off + (firstRow + row) * lda + first + p]);
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

    /** One element of a packed operand: lane {@code lane} (a row of A, a column of B) at step p of k. */
    private interface Element {
        float at(int lane, int p);
    }

    /**
     * The layout the microkernel reads: panels of {@code width} lanes, each kc steps of k, step p's lanes
     * side by side; lanes past {@code live} are zero.
     */
    private static float[] panelLayout(int panels, int kc, int width, int live, Element e) {
        float[] packed = new float[panels * kc * width];
        for (int panel = 0; panel < panels; panel++) {
            for (int p = 0; p < kc; p++) {
                for (int l = 0; l < width; l++) {
                    int lane = panel * width + l;
                    packed[(panel * kc + p) * width + l] = lane < live ? e.at(lane, p) : 0f;
                }
            }
        }
        return packed;
    }

    /** The rows x cols matrix m (ld apart from off) stored transposed, its rows ldt apart from off. */
    private static float[] transposed(float[] m, int off, int rows, int cols, int ld, int ldt) {
        float[] t = new float[off + cols * ldt];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[off + c * ldt + r] = m[off + r * ld + c];
            }
        }
        return t;
    }

    private static float[] stale(int length) {
        float[] a = new float[length];
        Arrays.fill(a, Float.NaN);
        return a;
    }
}
