package org.mimo4j.engine.backend;

import java.util.Arrays;

/**
 * Copies blocks of op(A) and op(B) into the panel layouts the {@link Microkernel} streams through,
 * zero-padding past the matrix edge so the microkernel never branches on the edge inside its k loop.
 */
final class Packing {
    private Packing() {
    }

    /**
     * A convolution's whole kernel, row-major [rows, taps] at {@code aOff}, as A panels of {@code mr} rows in
     * blocks of {@link SgemmCpu#KC} taps one after another from {@code dstOff} (the layout
     * {@link Microkernel#runShifted} reads block by block); writes ceil(rows / mr) * mr * taps floats.
     */
    static void packKernel(float[] a, long aOff, int rows, int taps, int mr, float[] dst, int dstOff) {
        int padded = (rows + mr - 1) / mr * mr;
        for (int p0 = 0; p0 < taps; p0 += SgemmCpu.KC) {
            packA(false, a, aOff, taps, 0, rows, p0, Math.min(SgemmCpu.KC, taps - p0), 1f, mr, dst, dstOff + padded * p0);
        }
    }

    /**
     * Packs rows [i0, i0 + rows) and columns [p0, p0 + kc) of alpha * op(A) into {@code dst} from
     * {@code dstOff}: one panel of {@code mr} rows after another, each panel column by column.
     */
    static void packA(boolean transA, float[] a, long aOff, int lda, int i0, int rows, int p0, int kc,
                      float alpha, int mr, float[] dst, int dstOff) {
        if (transA) {
            packColumnsOfAt(a, aOff, lda, i0, rows, p0, kc, alpha, mr, dst, dstOff);
            return;
        }
        for (int ip = 0; ip < rows; ip += mr) {
            int base = dstOff + ip * kc, live = Math.min(mr, rows - ip);
            if (live < mr) {
                Arrays.fill(dst, base, base + mr * kc, 0f);
            }
            packRowsOfA(a, aOff, lda, i0 + ip, live, p0, kc, alpha, mr, dst, base);
        }
    }

    /**
     * One panel of A stored row-major. A full panel of the fast kernel's 5, 6 or 8 rows is written in order,
     * k step by k step, reading the mr rows side by side: sequential stores instead of one store every mr
     * floats. For 8 rows (AVX-512) that packed 96 x 1024 blocks of a 2048-wide A in 0.34-0.38 against
     * 0.55-0.69 ns a float (one thread, session 26).
     */
    private static void packRowsOfA(float[] a, long aOff, int lda, int row0, int live, int p0, int kc,
                                    float alpha, int mr, float[] dst, int base) {
        int src = (int) (aOff + (long) row0 * lda + p0);
        if (live == mr && (mr == 5 || mr == 6 || mr == 8)) {
            for (int p = 0, d = base; p < kc; p++, d += mr) {
                int q = src + p;
                dst[d] = alpha * a[q];
                dst[d + 1] = alpha * a[q + lda];
                dst[d + 2] = alpha * a[q + 2 * lda];
                dst[d + 3] = alpha * a[q + 3 * lda];
                dst[d + 4] = alpha * a[q + 4 * lda];
                if (mr >= 6) {
                    dst[d + 5] = alpha * a[q + 5 * lda];
                }
                if (mr == 8) {
                    dst[d + 6] = alpha * a[q + 6 * lda];
                    dst[d + 7] = alpha * a[q + 7 * lda];
                }
            }
            return;
        }
        for (int r = 0; r < live; r++, src += lda) {
            for (int p = 0, d = base + r; p < kc; p++, d += mr) {
                dst[d] = alpha * a[src + p];
            }
        }
    }

    /**
     * Rows [i0, i0 + rows) of A stored transposed (A^T row-major): at each step of k the block's rows of A
     * sit side by side in one stored row. That row's run is copied across all the block's full panels
     * before the next step, so the stored matrix is read row after row, as the prefetcher follows, instead
     * of panel by panel (kc rows, lda apart, for each panel). A weight gradient x^T gy over a wide input
     * packs all of x^T so. The whole product, time over panel by panel's (one JVM alternating, AMD EPYC Zen 3,
     * AVX2, 2 threads, a 32 MB sweep between calls, medians of 10 rounds): AV-Digits' 12544 x 128 x 64 0.91,
     * 0.95 and 1.00 in three runs (0.93 on one thread, 8 of 8 rounds faster), 12544 x 64 x 64 0.79-0.82 (9-10
     * of 10 rounds faster), n = 1024 0.98; attention's forward and backward (32 x 4 heads, seq 64, dim 64,
     * whose backward packs transposed operands per head) 0.96-0.98. The same values.
     */
    private static void packColumnsOfAt(float[] a, long aOff, int lda, int i0, int rows, int p0, int kc,
                                        float alpha, int mr, float[] dst, int dstOff) {
        int full = rows - rows % mr, panel = mr * kc, edge = dstOff + full * kc;
        if (full < rows) {
            Arrays.fill(dst, edge, edge + panel, 0f);
        }
        for (int p = 0; p < kc; p++) {
            int q = (int) (aOff + (long) (p0 + p) * lda + i0), d = dstOff + p * mr;
            for (int ip = 0; ip < full; ip += mr, d += panel) {
                scaledRun(a, q + ip, alpha, mr, dst, d);
            }
            if (full < rows) { // the partial last panel's live rows, from the same stored row
                scaledRun(a, q + full, alpha, rows - full, dst, d);
            }
        }
    }

    /**
     * dst[d, d + len) = alpha * a[q, q + len); written out for the fast kernel's 5, 6 and 8 rows, where a loop
     * cost more in loop control than in copying (attention's backward packs two such operands per head).
     */
    private static void scaledRun(float[] a, int q, float alpha, int len, float[] dst, int d) {
        if (len == 5 || len == 6 || len == 8) {
            dst[d] = alpha * a[q];
            dst[d + 1] = alpha * a[q + 1];
            dst[d + 2] = alpha * a[q + 2];
            dst[d + 3] = alpha * a[q + 3];
            dst[d + 4] = alpha * a[q + 4];
            if (len >= 6) {
                dst[d + 5] = alpha * a[q + 5];
            }
            if (len == 8) {
                dst[d + 6] = alpha * a[q + 6];
                dst[d + 7] = alpha * a[q + 7];
            }
            return;
        }
        for (int r = 0; r < len; r++) {
            dst[d + r] = alpha * a[q + r];
        }
    }

    /**
     * Packs panels [jp0, jp1) of rows [p0, p0 + kc) of row-major B into {@code dst}, panel jp at
     * {@code dOff + jp * kc * nr} (the layout of {@link #packB}, for a k block of all panels), walking B row
     * by row: each row's part is read once, left to right. Panel by panel (one short piece of every row per
     * panel, rows ldb apart) the prefetcher follows badly. Each piece (nr floats) is one
     * {@code System.arraycopy} rather than an element loop. Measured (AMD EPYC Zen 3, AVX2, 2 threads, a 32 MB
     * sweep between calls, one JVM alternating, medians of 10 rounds, time with arraycopy over the loop's):
     * AV-Digits' forward 64 x 128 x 12544 0.875 and 0.933 in two runs (9 of 10 rounds faster in each; 0.902 on
     * one thread), 64 x 64 x 12544 0.970, n = 384 0.951, 512 0.957 and 1.000, 1024 0.996, 2048 1.012 (there the
     * packing is a few per cent of the time); the packing of B in the full-depth order (removed in session 26)
     * at n = 1024 on one thread took 1.86 against 2.63 ms. The same values.
     */
    static void packRowsOfB(float[] b, long bOff, int ldb, int n, int jp0, int jp1, int p0, int kc, int nr,
                            float[] dst, int dOff) {
        for (int jp = jp0; jp < jp1; jp++) {
            if (n - jp * nr < nr) {
                Arrays.fill(dst, dOff + jp * kc * nr, dOff + (jp + 1) * kc * nr, 0f);
            }
        }
        for (int p = 0; p < kc; p++) {
            int src = (int) (bOff + (long) (p0 + p) * ldb);
            for (int jp = jp0; jp < jp1; jp++) {
                int j0 = jp * nr;
                System.arraycopy(b, src + j0, dst, dOff + jp * kc * nr + p * nr, Math.min(nr, n - j0));
            }
        }
    }

    /**
     * Packs the column panel {@code jp} (columns [jp * nr, jp * nr + nr)) of rows [p0, p0 + kc) of
     * op(B) into {@code dst} at {@code dOff}, row by row; row-major B through {@link #packRowsOfB}.
     */
    static void packB(boolean transB, float[] b, long bOff, int ldb, int n, int jp, int p0, int kc, int nr,
                      float[] dst, int dOff) {
        if (!transB) {
            packRowsOfB(b, bOff, ldb, n, jp, jp + 1, p0, kc, nr, dst, dOff - jp * kc * nr);
            return;
        }
        int j0 = jp * nr, live = Math.min(nr, n - j0);
        if (live < nr) {
            Arrays.fill(dst, dOff, dOff + kc * nr, 0f);
        }
        for (int j = 0; j < live; j++) {
            int src = (int) (bOff + (long) (j0 + j) * ldb + p0);
            for (int p = 0, d = dOff + j; p < kc; p++, d += nr) {
                dst[d] = b[src + p];
            }
        }
    }
}
