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
     * Packs rows [i0, i0 + rows) and columns [p0, p0 + kc) of alpha * op(A) into {@code dst}: one
     * panel of {@code mr} rows after another, each panel column by column.
     */
    static void packA(boolean transA, float[] a, long aOff, int lda, int i0, int rows, int p0, int kc,
                      float alpha, int mr, float[] dst) {
        for (int ip = 0; ip < rows; ip += mr) {
            int base = ip * kc, live = Math.min(mr, rows - ip);
            if (live < mr) {
                Arrays.fill(dst, base, base + mr * kc, 0f);
            }
            for (int r = 0; r < live; r++) {
                int row = i0 + ip + r;
                for (int p = 0; p < kc; p++) {
                    float v = transA ? a[(int) (aOff + (long) (p0 + p) * lda + row)] : a[(int) (aOff + (long) row * lda + p0 + p)];
                    dst[base + p * mr + r] = alpha * v;
                }
            }
        }
    }

    /**
     * Packs the column panel {@code jp} (columns [jp * nr, jp * nr + nr)) of rows [p0, p0 + kc) of
     * op(B) into {@code dst} at {@code dOff}, row by row.
     */
    static void packB(boolean transB, float[] b, long bOff, int ldb, int n, int jp, int p0, int kc, int nr,
                      float[] dst, int dOff) {
        int j0 = jp * nr, live = Math.min(nr, n - j0);
        if (live < nr) {
            Arrays.fill(dst, dOff, dOff + kc * nr, 0f);
        }
        if (transB) {
            for (int j = 0; j < live; j++) {
                long src = bOff + (long) (j0 + j) * ldb + p0;
                for (int p = 0; p < kc; p++) {
                    dst[dOff + p * nr + j] = b[(int) (src + p)];
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, (int) (bOff + (long) (p0 + p) * ldb + j0), dst, dOff + p * nr, live);
            }
        }
    }
}
