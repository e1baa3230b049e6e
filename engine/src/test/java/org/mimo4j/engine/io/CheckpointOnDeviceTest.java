package org.mimo4j.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.nn.Activation;
import org.mimo4j.engine.nn.Conv2d;
import org.mimo4j.engine.nn.Flatten;
import org.mimo4j.engine.nn.Linear;
import org.mimo4j.engine.nn.Sequential;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Adam;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Checkpoints of a model trained on a device backend ({@link HostDeviceBackend}): saving reads the
 * device's current values, and loading replaces the device copies too, so training resumes from the
 * file exactly as a host run loaded from the same file does.
 */
class CheckpointOnDeviceTest {
    @TempDir
    Path dir;

    private static Sequential model() {
        Rng rng = new Rng(3);
        return new Sequential(new Conv2d(1, 2, 3, 1, 1, rng), Activation.relu(), new Flatten(),
                new Linear(2 * 4 * 4, 3, rng));
    }

    /** One Adam step on a batch drawn from {@code data}; returns the loss before the step. */
    private static float step(Sequential m, Optimizer opt, Rng data) {
        Tensor x = Tensor.randn(data, 4, 1, 4, 4);
        int[] y = {data.nextInt(3), data.nextInt(3), data.nextInt(3), data.nextInt(3)};
        Tensor loss = F.crossEntropy(m.forward(x), y);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        return loss.item();
    }

    @Test
    void trainingResumedOnTheDeviceMatchesAHostRunLoadedFromTheSameFile() throws IOException {
        Path file = dir.resolve("device.ckpt");
        Sequential dev = model();
        Adam od = new Adam(dev.namedParameters(), 0.01f);
        float devLoss;
        try (var d = HostDeviceBackend.install()) {
            Rng data = new Rng(5);
            step(dev, od, data);
            step(dev, od, data);
            Checkpoint.save(file, dev, od, null, Map.of());
            step(dev, od, data);
            assertFalse(dev.namedParameters().get("0.weight").storage().hostCurrent(), "trained on the device");
            Checkpoint.load(file, dev, od, null);
            devLoss = step(dev, od, new Rng(9));
        }
        Sequential host = model();
        Adam oh = new Adam(host.namedParameters(), 0.01f);
        Checkpoint.load(file, host, oh, null);
        float hostLoss = step(host, oh, new Rng(9));
        assertEquals(hostLoss, devLoss, 1e-6 * (1 + Math.abs(hostLoss)));
        host.namedParameters().forEach((n, p) -> {
            float[] expected = p.data();
            float[] actual = dev.namedParameters().get(n).data();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6 * (1 + Math.abs(expected[i])), n + "[" + i + "]");
            }
        });
        oh.state().slots().forEach((n, a) -> assertArrayEquals(a, od.state().slots().get(n), 1e-6f, n));
    }
}
