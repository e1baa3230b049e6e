package org.mimo4j.mimo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.mimo4j.data.Dataset;
import org.mimo4j.data.Modality;
import org.mimo4j.engine.io.CheckpointReader;
import org.mimo4j.engine.io.CheckpointData;
import org.mimo4j.engine.io.CheckpointException;
import org.mimo4j.mimo.report.RunSummary;

class TrainerTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    static RunConfig tinyConfig(String method) {
        RunConfig c = new RunConfig();
        c.dataset.name = "synthetic";
        c.dataset.preset = "tiny";
        c.method.name = method;
        c.backend = "cpu";
        c.threads = 1;
        c.training.epochs = 2;
        c.training.batchSize = 50;
        c.training.checkpointEvery = 3;
        c.model.featureDim = 8;
        RunConfig.EncoderSpec e = new RunConfig.EncoderSpec();
        e.width = 16;
        c.model.encoders.put("image", e);
        c.model.encoders.put("audio", e);
        c.evaluation.probeEpochs = 2;
        c.evaluation.noiseLevels = new double[] {1.0};
        return c;
    }

    static Splits tinyData() {
        return SyntheticDataset.create(200, 60, 60, 3);
    }

    /** Every parameter of the run's final checkpoint, in order. */
    private static List<float[]> finalWeights(Path dir) throws IOException {
        CheckpointData d = CheckpointReader.read(dir.resolve(RunCheckpoint.FILE));
        List<float[]> out = new ArrayList<>();
        d.entries().forEach((name, e) -> {
            if (name.startsWith("param/") || name.startsWith("optim/")) {
                out.add(e.floats());
            }
        });
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"joint", "mimo", "mgda", "mgda-ub", "pcgrad", "mmpareto", "ogmge", "cagrad", "unimodal"})
    void resumingAfterAnInterruptionMidEpochGivesBitwiseTheSameWeights(String method) throws IOException {
        RunConfig c = tinyConfig(method);
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        Experiment.run(c, tinyData(), whole, false, -1, QUIET);
        assertNull(Experiment.run(c, tinyData(), parts, false, 2, QUIET), "an interrupted run reports nothing");
        RunSummary resumed = Experiment.run(c, tinyData(), parts, true, -1, QUIET);
        assertEquals(8, resumed.steps());
        List<float[]> a = finalWeights(whole);
        List<float[]> b = finalWeights(parts);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), method + ": tensor " + i + " differs after resume");
        }
    }

    /** The tiny config with dropout p on both MLP encoders. */
    private static RunConfig withDropout(double p) {
        RunConfig c = tinyConfig("joint");
        RunConfig.EncoderSpec e = new RunConfig.EncoderSpec();
        e.width = 16;
        e.dropout = p;
        c.model.encoders.put("image", e);
        c.model.encoders.put("audio", e);
        return c;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void resumingAModelWithDropoutGivesBitwiseTheSameWeights(int stopAfter) throws IOException {
        RunConfig c = withDropout(0.3);
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        Experiment.run(c, tinyData(), whole, false, -1, QUIET);
        assertNull(Experiment.run(c, tinyData(), parts, false, stopAfter, QUIET));
        assertTrue(CheckpointReader.read(parts.resolve(RunCheckpoint.FILE)).entries()
                .containsKey("rng/encoders.audio.dropout.rng"), "the dropout generator is checkpointed");
        RunSummary resumed = Experiment.run(c, tinyData(), parts, true, -1, QUIET);
        assertEquals(8, resumed.steps());
        List<float[]> a = finalWeights(whole);
        List<float[]> b = finalWeights(parts);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "tensor " + i + " differs after resume");
        }
    }

    @Test
    void resumingWithADropoutGeneratorTheCheckpointLacksNamesIt() throws IOException {
        assertResumeNamesTheDropoutGenerator(0, 0.3);
    }

    @Test
    void resumingWithoutAGeneratorTheCheckpointHasNamesIt() throws IOException {
        assertResumeNamesTheDropoutGenerator(0.3, 0);
    }

    /** Trains with dropout {@code saved}, resumes with dropout {@code resumed}: the refusal names the generator. */
    private void assertResumeNamesTheDropoutGenerator(double saved, double resumed) throws IOException {
        Path dir = tmp.resolve("dropout-" + saved);
        Experiment.run(withDropout(saved), tinyData(), dir, false, 2, QUIET);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Experiment.run(withDropout(resumed), tinyData(), dir, true, -1, QUIET));
        assertTrue(e.getMessage().contains("'rng/encoders.image.dropout.rng'"), e.getMessage());
    }

    @Test
    void mgdaUbTrainsThroughTheTrainerAndLogsItsPartialBackwardPasses() throws IOException {
        RunConfig c = tinyConfig("mgda-ub");
        c.training.epochs = 6;
        c.optimizer.name = "adam";
        c.optimizer.lr = 0.01;
        Path dir = tmp.resolve("ub");
        RunSummary s = Experiment.run(c, tinyData(), dir, false, -1, QUIET);
        assertEquals(24, s.steps());
        List<Double> fused = new ArrayList<>();
        int stepRecords = 0;
        for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
            JsonObject rec = JsonParser.parseString(line).getAsJsonObject();
            if (rec.get("kind").getAsString().equals("step")) {
                assertEquals(3 + 1, rec.get("backwardPasses").getAsInt(), "K partial passes and one full one");
                stepRecords++;
            } else {
                fused.add(rec.getAsJsonObject("trainLoss").get("fused").getAsDouble());
            }
        }
        assertTrue(stepRecords > 0, "no step record was logged");
        assertEquals(6, fused.size());
        assertTrue(fused.get(5) < 0.8 * fused.get(0), "fused training loss per epoch: " + fused);
    }

    @Test
    void aNonFiniteLossOrGradientHaltsBeforeTheUpdateAndKeepsTheLastGoodCheckpoint() throws IOException {
        RunConfig c = tinyConfig("joint");
        Path dir = tmp.resolve("nan");
        Experiment.run(c, tinyData(), dir, false, 2, QUIET);
        byte[] good = Files.readAllBytes(dir.resolve(RunCheckpoint.FILE));
        Splits poisoned = poison(tinyData());
        TrainingHaltedException e = assertThrows(TrainingHaltedException.class,
                () -> Experiment.run(c, poisoned, dir, true, -1, QUIET));
        // Whether the NaN reaches the loss or only the gradients depends on how ReLU treats NaN; either
        // way the run must stop before the update, naming what went wrong.
        assertTrue(e.getMessage().matches(".*(loss fused is NaN|gradient of encoders\\.audio\\.\\S+ has a non-finite value).*"),
                e.getMessage());
        assertTrue(e.getMessage().contains("step 3"), e.getMessage());
        assertTrue(e.getMessage().contains("is intact"), e.getMessage());
        assertArrayEquals(good, Files.readAllBytes(dir.resolve(RunCheckpoint.FILE)));
    }

    @Test
    void resumingWithoutACheckpointIsAConfigError() {
        RunConfig c = tinyConfig("joint");
        ConfigException e = assertThrows(ConfigException.class,
                () -> Experiment.run(c, tinyData(), tmp.resolve("none"), true, -1, QUIET));
        assertTrue(e.getMessage().contains("cannot resume"), e.getMessage());
    }

    @Test
    void earlyStoppingEndsTheRunWhenValidationStopsImproving() throws IOException {
        RunConfig c = tinyConfig("joint");
        c.training.epochs = 30;
        c.training.patience = 1;
        c.optimizer.lr = 1e-6;
        RunSummary s = Experiment.run(c, tinyData(), tmp.resolve("early"), false, -1, QUIET);
        assertTrue(s.stopReason().startsWith("early stop"), s.stopReason());
        assertTrue(s.epochs() < 30);
    }

    private static Splits poison(Splits s) {
        Dataset t = s.train();
        float[] nan = new float[t.size() * SyntheticDataset.DIM];
        java.util.Arrays.fill(nan, Float.NaN);
        Dataset bad = new Dataset(t.name(), List.of(t.modality("image"), Modality.ofFloats("audio", nan, SyntheticDataset.DIM)),
                t.labels(), t.numClasses());
        return new Splits(bad, s.validation(), s.test());
    }
}
