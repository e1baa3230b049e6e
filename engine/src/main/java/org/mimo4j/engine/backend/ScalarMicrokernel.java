package org.mimo4j.engine.backend;

/**
 * The portable {@link Microkernel}: a 4 x 4 tile of scalar accumulators, used when the
 * {@code jdk.incubator.vector} module is not in the boot layer.
 */
final class ScalarMicrokernel implements Microkernel {
    private static final int MR = 4;
    private static final int NR = 4;

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
                    int rows, int cols) {
        float[] acc = new float[MR * NR];
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + p * NR;
            float b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
            for (int r = 0; r < MR; r++) {
                float a = ap[ai + r];
                acc[r * NR] += a * b0;
                acc[r * NR + 1] += a * b1;
                acc[r * NR + 2] += a * b2;
                acc[r * NR + 3] += a * b3;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[cOff + r * ldc + j] += acc[r * NR + j];
            }
        }
    }
}
