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
import org.mimo4j.engine.backend.DeviceScope;
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
    private static final int LONG_RUN = 2000;

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
        Cnn cnn = new Cnn(makeOptimizer);
        float[] losses = new float[STEPS];
        ClTransfers[] moved = new ClTransfers[STEPS];
        for (int s = 0; s < STEPS; s++) {
            ClTransfers t0 = counted == null ? null : counted.transfers();
            losses[s] = cnn.step();
            moved[s] = counted == null ? null : counted.transfers().since(t0);
        }
        return new Run(losses, moved);
    }

    /**
     * A long run with a {@link DeviceScope} per step: after the first step the device memory is in a
     * steady state - the same number of buffers in use between steps, none created, whatever the
     * garbage collector does - and the losses are bit for bit those of the same run without scopes.
     */
    @Test
    void aScopePerStepKeepsTheDeviceMemorySteadyOverALongRun() throws Exception {
        Backend before = Backends.current();
        Function<Map<String, Parameter>, Optimizer> adam = p -> new Adam(p, 0.01f);
        try (ClBackend cl = OpenClTests.fresh()) {
            Backends.use(OpenClTests.backend()); // same device and tile: the same kernels, the same bits
            float[] unscoped = new float[STEPS];
            Cnn reference = new Cnn(adam);
            for (int s = 0; s < STEPS; s++) {
                unscoped[s] = reference.step();
            }
            Backends.use(cl);
            Cnn cnn = new Cnn(adam);
            long created = 0;
            int live = 0;
            for (int s = 0; s < LONG_RUN; s++) {
                try (DeviceScope step = DeviceScope.open()) {
                    float loss = cnn.step();
                    if (s < STEPS) {
                        assertEquals(unscoped[s], loss, "step " + s + ": a scope must not change any value");
                    }
                }
                if (s == 1) {
                    created = cl.pool().created();
                    live = cl.pool().live();
                    assertEquals(4 * 4, cl.residentStorages(), "between steps only the 4 parameters, their gradients "
                            + "and Adam's 2 slots each stay on the device");
                } else if (s > 1) {
                    assertEquals(created, cl.pool().created(), "step " + s + " created device buffers");
                    assertEquals(live, cl.pool().live(), "step " + s + " changed the number of buffers in use");
                }
            }
            assertEquals(4 * 4, cl.residentStorages());
        } finally {
            Backends.use(before);
        }
    }

    /** The small CNN with its optimizer and its fixed batch; {@link #step} is one training step. */
    private static final class Cnn {
        private final Map<String, Parameter> params = new LinkedHashMap<>();
        private final Optimizer opt;
        private final float[] images;
        private final int[] labels = new int[BATCH];

        Cnn(Function<Map<String, Parameter>, Optimizer> makeOptimizer) {
            Rng rng = new Rng(7);
            params.put("w1", new Parameter(randn(rng, 1f / 3, 8, 1, 3, 3)));
            params.put("b1", new Parameter(randn(rng, 0.1f, 8)));
            params.put("w2", new Parameter(randn(rng, (float) (1 / Math.sqrt(288)), 10, 8 * 6 * 6)));
            params.put("b2", new Parameter(Tensor.zeros(10)));
            opt = makeOptimizer.apply(params);
            images = randn(rng, 1f, BATCH * IMAGE).storage().read();
            for (int i = 0; i < BATCH; i++) {
                labels[i] = rng.nextInt(10);
            }
        }

        float step() {
            Tensor x = Tensor.of(images.clone(), BATCH, 1, 12, 12); // a new host tensor, as a loader gives
            Tensor h = F.maxPool2d(F.conv2d(x, params.get("w1").tensor(), params.get("b1").tensor(), 1, 1, 1, 1).relu(),
                    2, 2, 0);
            Tensor loss = F.crossEntropy(F.linear(h.reshape(BATCH, 8 * 6 * 6), params.get("w2").tensor(),
                    params.get("b2").tensor()), labels);
            float value = loss.item();
            loss.backward();
            opt.step();
            params.values().forEach(Parameter::zeroGrad);
            return value;
        }
    }

    private static Tensor randn(Rng rng, float scale, int... shape) {
        float[] d = Tensor.randn(rng, shape).storage().read().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= scale;
        }
        return Tensor.of(d, shape);
    }
}
