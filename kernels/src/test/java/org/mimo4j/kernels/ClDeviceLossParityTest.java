package org.mimo4j.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.nn.CrossEntropy;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * Cross-entropy's device kernels (loss.cl) against the host op's arithmetic (ops.nn.CrossEntropy:
 * log-softmax and the loss accumulated in double), with and without label smoothing, mean and sum,
 * on rows 1, odd and more than one work-group's worth (each item then takes several rows), classes 1
 * to 77, logits spread over [-4, 4].
 * Tolerances (the device works in float with exp and log within 4 ulp):
 * log-probabilities 2 (classes + 8) eps (1 + |lp|); the loss 4 (classes + rows + 16) eps (1 + S) with S
 * the reduced sum of |per-element terms|; the gradient 8 eps (1 + p + q) |scale|.
 */
class ClDeviceLossParityTest {

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void forwardAndBackwardMatchTheHostOp(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(81);
        for (int[] s : new int[][] {{1, 1}, {1, 10}, {7, 3}, {16, 10}, {130, 10}, {300, 77}}) {
            for (float smoothing : new float[] {0f, 0.1f}) {
                for (boolean mean : new boolean[] {true, false}) {
                    check(dk, rng, s[0], s[1], smoothing, mean);
                }
            }
        }
    }

    private static void check(DeviceKernels dk, Rng rng, int rows, int classes, float smoothing, boolean mean) {
        String what = rows + "x" + classes + " smoothing=" + smoothing + " mean=" + mean;
        float[] x = Parity.random(rng, rows * classes);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 4;
        }
        int[] classOf = new int[rows];
        float[] labels = new float[rows];
        for (int r = 0; r < rows; r++) {
            classOf[r] = rng.nextInt(classes);
            labels[r] = classOf[r];
        }
        float[] lp = new float[rows * classes];
        float total = CrossEntropy.hostForward(rows, classes, x, classOf, smoothing, mean, lp);
        double magnitude = 0;
        for (int r = 0; r < rows; r++) {
            double rowAbs = 0;
            for (int j = 0; j < classes; j++) {
                rowAbs += Math.abs(lp[r * classes + j]);
            }
            magnitude += Math.abs(lp[r * classes + classOf[r]]) + smoothing / classes * rowAbs;
        }
        if (mean) {
            magnitude /= rows;
        }
        Storage sl = Storage.wrap(labels), slp = dk.allocate(rows * classes), loss = dk.allocate(1);
        dk.crossEntropyForward(rows, classes, Storage.wrap(x), sl, smoothing, mean, slp, loss);

        float[] lpBound = new float[lp.length];
        for (int i = 0; i < lp.length; i++) {
            lpBound[i] = 1 + Math.abs(lp[i]);
        }
        Parity.assertClose("logProbs " + what, lp, slp.read(), lpBound, 2 * (classes + 8) * Parity.EPS, 0, lp.length);
        Parity.assertClose("loss " + what, new float[] {total}, loss.read(), new float[] {(float) (1 + magnitude)},
                4 * (classes + rows + 16) * Parity.EPS, 0, 1);

        float gy = 0.5f + rng.nextFloat();
        float scale = mean ? gy / rows : gy, off = smoothing / classes;
        float[] gx = new float[lp.length], gBound = new float[lp.length];
        CrossEntropy.hostBackward(rows, classes, lp, classOf, smoothing, mean, gy, gx);
        for (int k = 0; k < lp.length; k++) {
            float q = off + (k % classes == classOf[k / classes] ? 1 - smoothing : 0f);
            gBound[k] = (1 + (float) Math.exp(lp[k]) + q) * Math.abs(scale);
        }
        Storage sgx = dk.allocate(lp.length);
        dk.crossEntropyBackward(rows, classes, Storage.wrap(lp), sl, smoothing, mean, Storage.wrap(new float[] {gy}),
                sgx);
        Parity.assertClose("crossEntropyBackward " + what, gx, sgx.read(), gBound, 8 * Parity.EPS, 0, gx.length);
    }
}
