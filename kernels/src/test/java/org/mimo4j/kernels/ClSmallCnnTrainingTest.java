package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A few SGD steps of a small CNN (conv 1->8 3x3 pad 1, relu, maxpool 2, linear 288->10,
 * cross-entropy) on the CPU and the OpenCL backend from the same seed: the losses must agree step by
 * step. Tolerance 1e-4 * (1 + loss): the backends sum in different orders, so parameters drift apart
 * by float32 roundoff (about 1e-6 relative per step), far below the loss change of one step (~1e-2).
 */
class ClSmallCnnTrainingTest {
    private static final int BATCH = 16;
    private static final int STEPS = 6;
    private static final float LR = 0.1f;

    @Test
    void lossesMatchTheCpuBackendStepByStep() throws Exception {
        ClBackend cl = OpenClTests.backend();
        Backend before = Backends.current();
        try {
            float[] cpu = train(new CpuBackend(2));
            float[] ocl = train(cl);
            for (int s = 0; s < STEPS; s++) {
                double tol = 1e-4 * (1 + Math.abs(cpu[s]));
                assertTrue(Math.abs(cpu[s] - ocl[s]) <= tol,
                        "step " + s + ": cpu loss " + cpu[s] + ", opencl loss " + ocl[s] + " (tolerance " + tol + ")");
            }
            assertTrue(ocl[STEPS - 1] < ocl[0] - 0.05, "training must reduce the loss: " + ocl[0] + " -> "
                    + ocl[STEPS - 1]);
        } finally {
            Backends.use(before);
        }
    }

    /** Losses of STEPS plain SGD steps on one fixed batch, everything seeded identically. */
    private static float[] train(Backend backend) {
        Backends.use(backend);
        Rng rng = new Rng(7);
        Tensor x = Tensor.randn(rng, BATCH, 1, 12, 12);
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(10);
        }
        Tensor w1 = Tensor.randn(rng, 8, 1, 3, 3).mul(1f / 3).detach().requiresGrad(true);
        Tensor b1 = Tensor.randn(rng, 8).mul(0.1f).detach().requiresGrad(true);
        Tensor w2 = Tensor.randn(rng, 10, 8 * 6 * 6).mul((float) (1 / Math.sqrt(288))).detach().requiresGrad(true);
        Tensor b2 = Tensor.zeros(10).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};
        float[] losses = new float[STEPS];
        for (int s = 0; s < STEPS; s++) {
            Tensor h = F.maxPool2d(F.conv2d(x, w1, b1, 1, 1, 1, 1).relu(), 2, 2, 0);
            Tensor loss = F.crossEntropy(F.linear(h.reshape(BATCH, 8 * 6 * 6), w2, b2), labels);
            losses[s] = loss.item();
            loss.backward();
            for (Tensor p : params) {
                float[] d = p.storage().write();
                float[] g = p.grad().data();
                for (int i = 0; i < d.length; i++) {
                    d[i] -= LR * g[i];
                }
                p.zeroGrad();
            }
        }
        return losses;
    }
}
