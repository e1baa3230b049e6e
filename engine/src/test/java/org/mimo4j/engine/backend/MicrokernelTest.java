package org.mimo4j.engine.backend;

import org.mimo4j.engine.tensor.Rng;

/**
 * {@link Microkernel#runShiftedRows} on both microkernels against a double reference: whole tiles added to a C
 * that already holds values, rows read from windows that start anywhere (overlapping, out of order, the same
 * window twice) for step counts from 1 to a few hundred. The other tiles are checked through the GEMM and the
 * convolutions that use them (SgemmCpuTest, PaddedGridConvTest, ChannelLanesConvTest).
 */
class MicrokernelTest extends OnBothMicrokernels {

    @Override
    void matchesReference(Microkernel kernel) {
        Rng rng = new Rng(71);
        int mr = kernel.shiftedRows(), nr = kernel.nr();
        for (int kc : new int[] {1, 2, 7, nr + 3, 64, 257}) {
            float[] a = Arrays2.random(rng, 3 * kc + 50);
            int[] starts = new int[mr + 2];
            for (int r = 0; r < starts.length; r++) {
                starts[r] = rng.nextInt(2 * kc + 40);
            }
            starts[3] = starts[1]; // one window read by two rows
            int aOff = 5, rOff = 2, bOff = 3, ldc = nr + 5, cOff = 4;
            float[] bp = Arrays2.random(rng, bOff + kc * nr);
            float[] c = Arrays2.random(rng, cOff + mr * ldc);
            double[] expected = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                expected[i] = c[i];
            }
            for (int r = 0; r < mr; r++) {
                for (int j = 0; j < nr; j++) {
                    double sum = 0;
                    for (int p = 0; p < kc; p++) {
                        sum += (double) a[aOff + starts[rOff + r] + p] * bp[bOff + p * nr + j];
                    }
                    expected[cOff + r * ldc + j] += sum;
                }
            }
            kernel.runShiftedRows(kc, a, aOff, starts, rOff, bp, bOff, c, cOff, ldc);
            Arrays2.assertClose(kernel.describe() + ", kc " + kc, expected, c, 1e-5 * Math.sqrt(kc));
        }
    }
}
