package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.backend.HostDeviceMemory;

/**
 * The residency claim for models with normalisation layers ({@link NormModels}: LayerNorm in an MLP,
 * BatchNorm2d in a CNN, a pre-norm Transformer encoder layer with GELU and dropout, all trained, then
 * evaluated): on a device backend ({@link HostDeviceBackend}) they give the CPU backend's losses and
 * running statistics, and once the parameters and running statistics live on the device each training
 * step, and the evaluation step, moves exactly the batch up (images and labels: 2 uploads), plus the
 * dropout masks a training step draws on the host (one upload each), and the loss down (1 download of
 * 4 bytes).
 */
class NormLayersOnDeviceTest {
    private static final int STEPS = 4;

    @ParameterizedTest
    @EnumSource(NormModels.Model.class)
    void lossesMatchTheCpuAndEachStepMovesOnlyTheBatchAndTheLoss(NormModels.Model model) {
        NormModels.Run cpu;
        Backend before = Backends.current();
        try (CpuBackend b = new CpuBackend(2)) {
            Backends.use(b);
            cpu = NormModels.train(model, STEPS, NormModels.Steps.NONE);
        } finally {
            Backends.use(before);
        }
        NormModels.Run device;
        try (var d = HostDeviceBackend.install()) {
            device = NormModels.train(model, STEPS, new Counted(d.memory(), model));
        }
        for (int s = 0; s <= STEPS; s++) {
            assertEquals(cpu.losses()[s], device.losses()[s], 1e-5 * (1 + Math.abs(cpu.losses()[s])),
                    model + " loss of step " + s + (s == STEPS ? " (evaluation)" : ""));
        }
        if (cpu.runningMean() != null) {
            assertArrayEquals(cpu.runningMean(), device.runningMean(), 1e-5f, model + " running mean");
            assertArrayEquals(cpu.runningVar(), device.runningVar(), 1e-5f, model + " running variance");
        }
    }

    /** Checks the transfers of every step after the first. */
    private record Counted(HostDeviceMemory mem, NormModels.Model model) implements NormModels.Steps {
        @Override
        public void start(int step) {
            mem.resetCounts();
        }

        @Override
        public void end(int step) {
            if (step == 0) {
                return;
            }
            String what = model + " step " + step + ": ";
            boolean training = step < STEPS;
            int masks = training ? model.masksPerTrainingStep() : 0;
            long maskFloats = training ? model.maskFloatsPerTrainingStep() : 0;
            assertEquals(2 + masks, mem.uploads(), what + "uploads (images, labels and " + masks + " dropout masks only)");
            assertEquals(4L * (NormModels.BATCH * (model.exampleSize() + 1) + maskFloats), mem.uploadedBytes(),
                    what + "bytes uploaded");
            assertEquals(1, mem.downloads(), what + "downloads (the loss only)");
            assertEquals(4, mem.downloadedBytes(), what + "bytes downloaded");
        }
    }
}
