package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.nn.NormModels;

/**
 * Training steps with normalisation layers on the OpenCL device: the engine's {@link NormModels}
 * (LayerNorm in an MLP; BatchNorm2d in a CNN with conv, relu, max pool and flatten; a pre-norm
 * Transformer encoder layer with GELU and dropout 0.1, flatten and a linear head), SGD with momentum,
 * then one evaluation-mode loss on the running statistics. Losses and running statistics must match the
 * CPU backend's within 1e-4 * (1 + |value|) (as ClResidentStepTest), and every step after the first,
 * the evaluation step included, may move exactly the batch up (images and labels: 2 uploads), plus in
 * training the Transformer's 3 dropout masks (drawn by the host generator, one upload each), and the
 * 4-byte loss down: the normalisations' statistics, saved values, gradients and running updates stay
 * on the device.
 */
class ClNormResidentStepTest {
    private static final int STEPS = 4;

    @ParameterizedTest
    @EnumSource(NormModels.Model.class)
    void trainsAndEvaluatesOnTheDeviceMovingOnlyTheBatchAndTheLoss(NormModels.Model model) throws Exception {
        ClBackend cl = OpenClTests.backend();
        Backend before = Backends.current();
        NormModels.Run cpu;
        NormModels.Run ocl;
        Counted counted = new Counted(cl);
        try (CpuBackend b = new CpuBackend(2)) {
            Backends.use(b);
            cpu = NormModels.train(model, STEPS, NormModels.Steps.NONE);
            Backends.use(cl);
            ocl = NormModels.train(model, STEPS, counted);
        } finally {
            Backends.use(before);
        }
        for (int s = 0; s <= STEPS; s++) {
            close(model + " loss of step " + s + (s == STEPS ? " (evaluation)" : ""), cpu.losses()[s], ocl.losses()[s]);
        }
        for (int c = 0; cpu.runningMean() != null && c < cpu.runningMean().length; c++) {
            close(model + " running mean " + c, cpu.runningMean()[c], ocl.runningMean()[c]);
            close(model + " running variance " + c, cpu.runningVar()[c], ocl.runningVar()[c]);
        }
        for (int s = 1; s <= STEPS; s++) {
            boolean training = s < STEPS;
            int masks = training ? model.masksPerTrainingStep() : 0;
            long maskFloats = training ? model.maskFloatsPerTrainingStep() : 0;
            ClTransfers batchMasksAndLoss = new ClTransfers(2 + masks,
                    4L * (NormModels.BATCH * (model.exampleSize() + 1) + maskFloats), 1, 4);
            assertEquals(batchMasksAndLoss, counted.moved[s],
                    model + " step " + s + " moved more than the batch, " + masks + " dropout masks and the loss");
        }
    }

    private static void close(String what, float cpu, float ocl) {
        double tol = 1e-4 * (1 + Math.abs(cpu));
        assertTrue(Math.abs(cpu - ocl) <= tol, what + ": cpu " + cpu + ", opencl " + ocl + " (tolerance " + tol + ")");
    }

    /** Records what each step moved on {@code cl}. */
    private static final class Counted implements NormModels.Steps {
        private final ClBackend cl;
        private final ClTransfers[] moved = new ClTransfers[STEPS + 1];
        private ClTransfers start;

        Counted(ClBackend cl) {
            this.cl = cl;
        }

        @Override
        public void start(int step) {
            start = cl.transfers();
        }

        @Override
        public void end(int step) {
            moved[step] = cl.transfers().since(start);
        }
    }
}
