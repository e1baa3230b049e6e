package org.mimo4j.engine.backend;

/**
 * The portable {@link Microkernel}: a 4 x 4 tile of scalar accumulators held in locals (so the JIT
 * keeps them in registers), used when the {@code jdk.incubator.vector} module is not in the boot
 * layer.
 */
final class ScalarMicrokernel implements Microkernel {
    private static final int MR = 4;
    private static final int NR = 4;
    /** Where row p of a packed B panel starts: the scalar kernel runs packed panels through {@link #runShifted}. */
    private static final int[] PACKED_ROWS = java.util.stream.IntStream.range(0, SgemmCpu.KC).map(p -> p * NR).toArray();

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public String describe() {
        return "scalar";
    }

    @Override
    public void run(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
                    int rows, int cols, boolean store) {
        tile(kc, ap, aOff, bp, bOff, PACKED_ROWS, 0, c, cOff, ldc, rows, cols, store);
    }

    @Override
    public void runShifted(int kc, float[] ap, int aOff, float[] b, int bOff, int[] rowStart, int rOff, float[] c,
                           int cOff, int ldc, int rows, int cols) {
        tile(kc, ap, aOff, b, bOff, rowStart, rOff, c, cOff, ldc, rows, cols, false);
    }

    /** runShifted's tile, its sums added onto C or, with {@code store}, written over it. */
    private static void tile(int kc, float[] ap, int aOff, float[] b, int bOff, int[] rowStart, int rOff, float[] c,
                             int cOff, int ldc, int rows, int cols, boolean store) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + rowStart[rOff + p];
            float b0 = b[bi + 0], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
            float a0 = ap[ai + 0];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            float a1 = ap[ai + 1];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            float a2 = ap[ai + 2];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            float a3 = ap[ai + 3];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        float[] acc = new float[MR * NR];
        acc[0] = c00; acc[1] = c01; acc[2] = c02; acc[3] = c03;
        acc[4] = c10; acc[5] = c11; acc[6] = c12; acc[7] = c13;
        acc[8] = c20; acc[9] = c21; acc[10] = c22; acc[11] = c23;
        acc[12] = c30; acc[13] = c31; acc[14] = c32; acc[15] = c33;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int at = cOff + r * ldc + j;
                c[at] = store ? acc[r * NR + j] : c[at] + acc[r * NR + j];
            }
        }
    }

    @Override
    public int shiftedRows() {
        return MR;
    }

    @Override
    public void runShiftedRows(int kc, float[] a, int aOff, int[] rowStart, int rOff, float[] bp, int bOff, float[] c,
                               int cOff, int ldc) {
        for (int r = 0; r < MR; r++) {
            int ai = aOff + rowStart[rOff + r];
            for (int j = 0; j < NR; j++) {
                float sum = 0f;
                for (int p = 0; p < kc; p++) {
                    sum += a[ai + p] * bp[bOff + p * NR + j];
                }
                c[cOff + r * ldc + j] += sum;
            }
        }
    }

    @Override
    public int dotRows() {
        return 4;
    }

    @Override
    public int dotCols() {
        return MAX_DOT_COLS;
    }

    @Override
    public void dotTile(int len, float[] a, int aOff, int lda, float[] b, int bOff, int[] bStart, int bs0,
                        float[] out, int outOff, int ldo) {
        for (int i = 0; i < dotRows(); i++) {
            for (int j = 0; j < dotCols(); j++) {
                int ai = aOff + i * lda, bi = bOff + bStart[bs0 + j];
                float sum = 0f;
                for (int q = 0; q < len; q++) {
                    sum += a[ai + q] * b[bi + q];
                }
                out[outOff + i * ldo + j] = sum;
            }
        }
    }

    @Override
    public int lanes() {
        return NR;
    }

    @Override
    public void laneTile(int kc, float[] w, int wOff, float[] grid, int gOff, int[] offsets, int oOff, float[] tile) {
        for (int r = 0; r < LANE_ROWS; r++) {
            for (int j = 0; j < NR; j++) {
                float sum = 0f;
                for (int p = 0; p < kc; p++) {
                    sum += grid[gOff + r + offsets[oOff + p]] * w[wOff + p * NR + j];
                }
                tile[r * NR + j] = sum;
            }
        }
    }
}
