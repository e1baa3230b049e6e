package org.mimo4j.engine.backend;

import org.mimo4j.engine.tensor.Rng;

/**
 * The register tiles on both microkernels against a double reference, added to a C that already holds values.
 * {@link Microkernel#run} and {@link Microkernel#runShifted} for every number of rows inside C (a GEMM's or a
 * convolution's bottom-edge tile) with all columns and with some, nothing written outside the tile's part of C;
 * {@link Microkernel#runShiftedRows} on whole tiles, rows read from windows that start anywhere (overlapping,
 * out of order, the same window twice), for step counts from 1 to a few hundred. The dot and lane tiles are
 * checked through the convolutions that use them (PaddedGridConvTest, ChannelLanesConvTest).
 */
class MicrokernelTest extends OnBothMicrokernels {

    @Override
    void matchesReference(Microkernel kernel) {
        partialTilesAddOnlyTheirRows(kernel, false, false);
        partialTilesAddOnlyTheirRows(kernel, false, true);
        partialTilesAddOnlyTheirRows(kernel, true, false);
        tapRowTilesMatch(kernel);
    }

    /**
     * run (or runShifted, B's rows read in place from shuffled starts) for rows 1..mr and cols nr and nr - 3: C's
     * rows [0, rows) and columns [0, cols) gain the product, every other float of C keeps its value. The padding
     * rows of the A panel hold values, not zeros, so a tile that adds a row too many shows. With {@code store}
     * (run only) those floats of C become the product, whatever they held (a NaN among them), and the others
     * still keep theirs.
     */
    private static void partialTilesAddOnlyTheirRows(Microkernel kernel, boolean shifted, boolean store) {
        Rng rng = new Rng(83);
        int mr = kernel.mr(), nr = kernel.nr(), ldc = nr + 7, cOff = 3, aOff = 2, bOff = 5;
        for (int kc : new int[] {1, 5, 64, SgemmCpu.KC}) {
            int[] starts = new int[kc];
            for (int p = 0; p < kc; p++) {
                starts[p] = rng.nextInt(kc * nr);
            }
            for (int rows = 1; rows <= mr; rows++) {
                for (int cols : new int[] {nr, nr - 3}) {
                    float[] ap = Arrays2.random(rng, aOff + kc * mr);
                    float[] b = Arrays2.random(rng, bOff + (kc + 1) * nr);
                    float[] c = Arrays2.random(rng, cOff + (mr + 1) * ldc);
                    double[] expected = widened(c);
                    if (store) {
                        c[cOff + (rows - 1) * ldc + cols - 1] = Float.NaN;
                    }
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < cols; j++) {
                            if (store) {
                                expected[cOff + r * ldc + j] = 0;
                            }
                            double sum = 0;
                            for (int p = 0; p < kc; p++) {
                                sum += (double) ap[aOff + p * mr + r] * b[bOff + (shifted ? starts[p] : p * nr) + j];
                            }
                            expected[cOff + r * ldc + j] += sum;
                        }
                    }
                    if (shifted) {
                        kernel.runShifted(kc, ap, aOff, b, bOff, starts, 0, c, cOff, ldc, rows, cols);
                    } else {
                        kernel.run(kc, ap, aOff, b, bOff, c, cOff, ldc, rows, cols, store);
                    }
                    String form = shifted ? " runShifted" : store ? " run storing" : " run";
                    Arrays2.assertClose(kernel.describe() + form + ", kc " + kc
                            + ", " + rows + " x " + cols, expected, c, 1e-5 * Math.sqrt(kc));
                }
            }
        }
    }

    /** runShiftedRows on whole tiles. */
    private static void tapRowTilesMatch(Microkernel kernel) {
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
            double[] expected = widened(c);
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

    /** C's starting values, to which the reference adds the products. */
    private static double[] widened(float[] c) {
        double[] wide = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            wide[i] = c[i];
        }
        return wide;
    }
}
