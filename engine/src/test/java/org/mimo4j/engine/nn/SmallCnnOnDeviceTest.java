package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.backend.HostDeviceMemory;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The residency claim for a whole training step: a small CNN (conv 1->16, relu, maxpool 2, conv
 * 16->32, relu, maxpool 2, flatten, linear -> 10, cross-entropy, SGD with momentum) on a device
 * backend ({@link HostDeviceBackend}) gives the CPU backend's losses, and once the parameters live on
 * the device each step moves exactly the batch up (images and labels: 2 uploads) and the loss down
 * (1 download of 4 bytes). A device backend that keeps tensors resident must pass the same count.
 */
class SmallCnnOnDeviceTest {
    private static final int BATCH = 4;
    private static final int STEPS = 5;

    @Test
    void lossesMatchTheCpuAndEachStepMovesOnlyTheBatchAndTheLoss() {
        float[] cpu;
        Backend before = Backends.current();
        try (CpuBackend b = new CpuBackend(2)) {
            Backends.use(b);
            cpu = train(null);
        } finally {
            Backends.use(before);
        }
        float[] device;
        try (var d = HostDeviceBackend.install()) {
            device = train(d.memory());
        }
        for (int s = 0; s < STEPS; s++) {
            assertEquals(cpu[s], device[s], 1e-5 * (1 + Math.abs(cpu[s])), "loss of step " + s);
        }
    }

    /** Losses of STEPS steps on fresh seeded batches; with {@code mem}, checks each later step's transfers. */
    private static float[] train(HostDeviceMemory mem) {
        Rng rng = new Rng(17);
        Sequential net = new Sequential(
                new Conv2d(1, 16, 3, 1, 1, rng), Activation.relu(), Pool2d.max(2, 2),
                new Conv2d(16, 32, 3, 1, 1, rng), Activation.relu(), Pool2d.max(2, 2),
                new Flatten(), new Linear(32 * 7 * 7, 10, rng));
        Sgd sgd = new Sgd(net.namedParameters(), 0.05f, 0.9f, false, 0f);
        float[] losses = new float[STEPS];
        for (int s = 0; s < STEPS; s++) {
            Tensor images = Tensor.randn(rng, BATCH, 1, 28, 28);
            int[] labels = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                labels[i] = rng.nextInt(10);
            }
            if (mem != null) {
                mem.resetCounts();
            }
            Tensor loss = F.crossEntropy(net.forward(images), labels);
            losses[s] = loss.item();
            sgd.zeroGrad();
            loss.backward();
            sgd.step();
            if (mem != null && s > 0) {
                assertEquals(2, mem.uploads(), "step " + s + ": uploads (images and labels only)");
                assertEquals(4L * (BATCH * 28 * 28 + BATCH), mem.uploadedBytes(), "step " + s + ": bytes uploaded");
                assertEquals(1, mem.downloads(), "step " + s + ": downloads (the loss only)");
                assertEquals(4, mem.downloadedBytes(), "step " + s + ": bytes downloaded");
            }
        }
        return losses;
    }
}
