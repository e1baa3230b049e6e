package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Adam;
import org.mimo4j.engine.optim.AdamW;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A whole training step on the device: the small CNN of ClSmallCnnTrainingTest (conv 1->8 3x3 pad 1,
 * relu, maxpool 2, linear 288->10, cross-entropy) trained with the engine's optimizers on the OpenCL
 * backend, the batch arriving each step as a new host tensor and label array, as a data loader gives
 * it (the same values every step, so that a few steps must reduce the loss). The losses must match the CPU
 * backend's step by step (tolerance 1e-4 * (1 + loss), as in ClSmallCnnTrainingTest). The first step
 * uploads the parameters and the optimizer's slots once; after it each step may move exactly the batch
 * up (2 uploads: images and labels) and the loss down (1 download of 4 bytes): everything else stays
 * on the device.
 */
class ClResidentStepTest {
    private static final int BATCH = 16;
    private static final int STEPS = 6;
    private static final int IMAGE = 12 * 12;

    @Test
    void sgdWithMomentumTrainsOnTheDeviceMovingOnlyTheBatchAndTheLoss() throws Exception {
        check("sgd", 1, p -> new Sgd(p, 0.05f, 0.9f, true, 1e-4f));
    }

    @Test
    void plainSgdTrainsOnTheDeviceMovingOnlyTheBatchAndTheLoss() throws Exception {
        check("plain sgd", 0, p -> new Sgd(p, 0.1f));
    }

    @Test
    void adamTrainsOnTheDeviceMovingOnlyTheBatchAndTheLoss() throws Exception {
        check("adam", 2, p -> new Adam(p, 0.01f));
    }

    @Test
    void adamWTrainsOnTheDeviceMovingOnlyTheBatchAndTheLoss() throws Exception {
        check("adamW", 2, p -> new AdamW(p, 0.01f, 0.9f, 0.999f, 1e-8f, 0.01f));
    }

    /** {@code slots}: the optimizer's state tensors per parameter, which go up once at its first update. */
    private static void check(String what, int slots, Function<Map<String, Parameter>, Optimizer> optimizer)
            throws Exception {
        ClBackend cl = OpenClTests.backend();
        Backend before = Backends.current();
        float[] cpu;
        Run ocl;
        try {
            cpu = train(new CpuBackend(2), null, optimizer).losses;
            ocl = train(cl, cl, optimizer);
        } finally {
            Backends.use(before);
        }
        for (int s = 0; s < STEPS; s++) {
            double tol = 1e-4 * (1 + Math.abs(cpu[s]));
            assertTrue(Math.abs(cpu[s] - ocl.losses[s]) <= tol, what + " step " + s + ": cpu loss " + cpu[s]
                    + ", opencl loss " + ocl.losses[s] + " (tolerance " + tol + ")");
        }
        assertTrue(ocl.losses[STEPS - 1] < ocl.losses[0] - 0.05, what + " must reduce the loss: " + ocl.losses[0]
                + " -> " + ocl.losses[STEPS - 1]);
        int params = 4;
        assertEquals(2 + params * (1 + slots), ocl.moved[0].uploads(), what + " step 0 uploads the batch, the "
                + params + " parameters and their " + slots + " optimizer slots each, nothing more: " + ocl.moved[0]);
        assertEquals(1, ocl.moved[0].downloads(), what + " step 0 downloads only the loss: " + ocl.moved[0]);
        ClTransfers batchAndLoss = new ClTransfers(2, 4L * BATCH * (IMAGE + 1), 1, 4);
        for (int s = 1; s < STEPS; s++) {
            assertEquals(batchAndLoss, ocl.moved[s], what + " step " + s + " moved more than the batch and the loss");
        }
    }

    private record Run(float[] losses, ClTransfers[] moved) {
    }

    /** STEPS optimizer steps from the same seed; {@code counted}: the backend whose transfers are recorded. */
    private static Run train(Backend backend, ClBackend counted,
                             Function<Map<String, Parameter>, Optimizer> makeOptimizer) {
        Backends.use(backend);
        Rng rng = new Rng(7);
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("w1", new Parameter(randn(rng, 1f / 3, 8, 1, 3, 3)));
        params.put("b1", new Parameter(randn(rng, 0.1f, 8)));
        params.put("w2", new Parameter(randn(rng, (float) (1 / Math.sqrt(288)), 10, 8 * 6 * 6)));
        params.put("b2", new Parameter(Tensor.zeros(10)));
        Optimizer opt = makeOptimizer.apply(params);
        float[] images = randn(rng, 1f, BATCH * IMAGE).storage().read();
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(10);
        }
        float[] losses = new float[STEPS];
        ClTransfers[] moved = new ClTransfers[STEPS];
        for (int s = 0; s < STEPS; s++) {
            ClTransfers t0 = counted == null ? null : counted.transfers();
            Tensor x = Tensor.of(images.clone(), BATCH, 1, 12, 12); // a new host tensor, as a loader gives
            Tensor h = F.maxPool2d(F.conv2d(x, params.get("w1").tensor(), params.get("b1").tensor(), 1, 1, 1, 1).relu(),
                    2, 2, 0);
            Tensor loss = F.crossEntropy(F.linear(h.reshape(BATCH, 8 * 6 * 6), params.get("w2").tensor(),
                    params.get("b2").tensor()), labels);
            losses[s] = loss.item();
            loss.backward();
            opt.step();
            params.values().forEach(Parameter::zeroGrad);
            moved[s] = counted == null ? null : counted.transfers().since(t0);
        }
        return new Run(losses, moved);
    }

    private static Tensor randn(Rng rng, float scale, int... shape) {
        float[] d = Tensor.randn(rng, shape).storage().read().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= scale;
        }
        return Tensor.of(d, shape);
    }
}
