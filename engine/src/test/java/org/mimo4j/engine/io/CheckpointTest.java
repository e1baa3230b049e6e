package org.mimo4j.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.engine.nn.BatchNorm2d;
import org.mimo4j.engine.nn.Conv2d;
import org.mimo4j.engine.nn.Dropout;
import org.mimo4j.engine.nn.Flatten;
import org.mimo4j.engine.nn.Linear;
import org.mimo4j.engine.nn.Module;
import org.mimo4j.engine.nn.Sequential;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Adam;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Sequential model(int hidden, long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Conv2d(1, 2, 3, 1, 1, rng), new BatchNorm2d(2), new Flatten(),
                new Linear(2 * 4 * 4, hidden, rng), new Dropout(0.3, rng.split()), new Linear(hidden, 3, rng));
    }

    /** One training step on a batch drawn from {@code rng}: moves parameters, buffers, optimizer and rng. */
    private static void trainStep(Sequential m, Optimizer opt, Rng rng) {
        opt.zeroGrad();
        Tensor x = Tensor.randn(rng, 4, 1, 4, 4);
        int[] y = {rng.nextInt(3), rng.nextInt(3), rng.nextInt(3), rng.nextInt(3)};
        F.crossEntropy(m.forward(x), y).backward();
        opt.step();
    }

    /** Everything a load can change, copied. */
    private static Map<String, float[]> snapshot(Module m, Optimizer opt) {
        Map<String, float[]> s = new LinkedHashMap<>();
        m.namedParameters().forEach((n, p) -> s.put("p:" + n, p.data().clone()));
        m.namedBuffers().forEach((n, b) -> s.put("b:" + n, b.data().clone()));
        opt.state().slots().forEach((n, a) -> s.put("o:" + n, a.clone()));
        s.put("step", new float[] {opt.stepCount()});
        m.namedRngs().forEach((n, r) -> s.put("r:" + n, sixteenBitChunks(r.state())));
        return s;
    }

    /** Generator state as exactly representable floats. */
    private static float[] sixteenBitChunks(long[] state) {
        float[] out = new float[state.length * 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = (state[i / 4] >>> (16 * (i % 4))) & 0xFFFF;
        }
        return out;
    }

    private static void assertSameState(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
    }

    private CheckpointException loadFails(Path f, Module m, Optimizer opt, Rng rng) {
        Map<String, float[]> before = snapshot(m, opt);
        long[] rngBefore = rng == null ? null : rng.state();
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, m, opt, rng));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertSameState(before, snapshot(m, opt));
        if (rng != null) {
            assertArrayEquals(rngBefore, rng.state(), "rng untouched");
        }
        return e;
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    private Path trainedCheckpoint(Sequential m, Optimizer opt, Rng rng) throws IOException {
        for (int i = 0; i < 3; i++) {
            trainStep(m, opt, rng);
        }
        Path f = dir.resolve("model.ckpt");
        Checkpoint.save(f, m, opt, rng, Map.of("epoch", "3", "backend", "cpu"));
        return f;
    }

    @Test
    void resumedTrainingIsBitIdenticalToUninterruptedTraining() throws IOException {
        Sequential a = model(5, 1);
        Adam optA = new Adam(a.namedParameters(), 0.01f);
        Rng rngA = new Rng(99);
        Path f = trainedCheckpoint(a, optA, rngA);

        Sequential b = model(5, 2);
        Adam optB = new Adam(b.namedParameters(), 0.01f);
        Rng rngB = new Rng(1234);
        Map<String, String> meta = Checkpoint.load(f, b, optB, rngB);
        assertEquals(Map.of("epoch", "3", "backend", "cpu"), meta);
        assertSameState(snapshot(a, optA), snapshot(b, optB));

        trainStep(a, optA, rngA);
        trainStep(b, optB, rngB);
        assertSameState(snapshot(a, optA), snapshot(b, optB));
    }

    @Test
    void weightsOnlyLoadIgnoresOptimizerAndRngEntries() throws IOException {
        Sequential a = model(5, 1);
        Path f = trainedCheckpoint(a, new Sgd(a.namedParameters(), 0.1f, 0.9f, false, 0f), new Rng(3));
        Sequential b = model(5, 2);
        Checkpoint.load(f, b, null, null);
        a.namedParameters().forEach((n, p) -> assertArrayEquals(p.data(), b.namedParameters().get(n).data(), n));
    }

    @Test
    void shapeMismatchNamesTheTensorBothShapesAndTheOffsetAndLoadsNothing() throws IOException {
        Sequential a = model(5, 1);
        Path f = trainedCheckpoint(a, new Adam(a.namedParameters(), 0.01f), new Rng(3));
        Sequential b = model(6, 2);
        CheckpointException e = loadFails(f, b, new Adam(b.namedParameters(), 0.01f), new Rng(4));
        assertMentions(e, "shape mismatch for 'param/3.weight'", "expects [6, 32]", "file has [5, 32]", "offset ");
    }

    @Test
    void missingDropoutGeneratorIsNamed() throws IOException {
        Sequential a = model(5, 1);
        Path f = trainedCheckpoint(a, new Adam(a.namedParameters(), 0.01f), new Rng(3));
        Sequential b = model(5, 2).add("drop", new Dropout(0.1, new Rng(6)));
        assertMentions(loadFails(f, b, new Adam(b.namedParameters(), 0.01f), null), "missing 'module_rng/drop.rng'");
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Sequential a = model(5, 1);
        Path f = trainedCheckpoint(a, new Adam(a.namedParameters(), 0.01f), new Rng(3));
        Sequential b = model(5, 2).add("extra", new Linear(3, 3, new Rng(5)));
        CheckpointException e = loadFails(f, b, new Adam(b.namedParameters(), 0.01f), null);
        assertMentions(e, "missing 'param/extra.weight'", "[3, 3]");
    }

    @Test
    void unexpectedTensorIsNamed() throws IOException {
        Sequential a = model(5, 1).add("extra", new Linear(3, 3, new Rng(5)));
        Path f = trainedCheckpoint(a, new Adam(a.namedParameters(), 0.01f), new Rng(3));
        Sequential b = model(5, 2);
        CheckpointException e = loadFails(f, b, new Adam(b.namedParameters(), 0.01f), null);
        assertMentions(e, "unexpected 'param/extra.weight'");
    }

    @Test
    void optimizerOfAnotherKindIsRefusedAndNothingLoaded() throws IOException {
        Sequential a = model(5, 1);
        Path f = trainedCheckpoint(a, new Adam(a.namedParameters(), 0.01f), new Rng(3));
        Sequential b = model(5, 2);
        CheckpointException e = loadFails(f, b, new Sgd(b.namedParameters(), 0.1f, 0.9f, false, 0f), null);
        assertMentions(e, "optim/momentum/0.weight", "Sgd");
    }

    @Test
    void requestedRngStateThatIsAbsentIsReported() throws IOException {
        Sequential a = model(5, 1);
        Adam opt = new Adam(a.namedParameters(), 0.01f);
        Path f = dir.resolve("no-rng.ckpt");
        Checkpoint.save(f, a, opt, null, Map.of());
        Sequential b = model(5, 2);
        CheckpointException e = loadFails(f, b, new Adam(b.namedParameters(), 0.01f), new Rng(8));
        assertMentions(e, "missing 'rng'");
    }

    @Test
    void corruptedFileIsReportedThroughLoadAndNothingLoaded() throws IOException {
        Sequential a = model(5, 1);
        Path f = trainedCheckpoint(a, new Adam(a.namedParameters(), 0.01f), new Rng(3));
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 40] ^= 1;
        Files.write(f, bytes);
        Sequential b = model(5, 2);
        assertMentions(loadFails(f, b, new Adam(b.namedParameters(), 0.01f), new Rng(1)), "checksum mismatch");
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertMentions(loadFails(f, b, new Adam(b.namedParameters(), 0.01f), new Rng(1)), "truncated");
    }

    @Test
    void failedSaveLeavesThePreviousCheckpointIntact() throws IOException {
        Sequential a = model(5, 1);
        Adam opt = new Adam(a.namedParameters(), 0.01f);
        Path f = trainedCheckpoint(a, opt, new Rng(3));
        byte[] previous = Files.readAllBytes(f);
        trainStep(a, opt, new Rng(4));
        Map<String, String> unwritable = Map.of("note", "x".repeat(70_000));
        assertThrows(CheckpointException.class, () -> Checkpoint.save(f, a, opt, null, unwritable));
        assertArrayEquals(previous, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        Checkpoint.load(f, model(5, 2), null, null);
    }
}
