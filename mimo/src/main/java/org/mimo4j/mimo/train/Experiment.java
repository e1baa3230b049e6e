package org.mimo4j.mimo.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mimo4j.data.Dataset;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.mimo.eval.EvalResult;
import org.mimo4j.mimo.eval.Evaluator;
import org.mimo4j.mimo.model.InputNormalizer;
import org.mimo4j.mimo.model.ModelFactory;
import org.mimo4j.mimo.model.MultiModalModel;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;
import org.mimo4j.mimo.report.Json;
import org.mimo4j.mimo.report.Provenance;
import org.mimo4j.mimo.report.RunReport;
import org.mimo4j.mimo.report.RunSummary;

/**
 * One complete run from a config: choose the backend, load the data, build model, method and
 * optimizer, train (or resume), evaluate on the test split, and write the run directory (resolved
 * config.json, metrics.jsonl, checkpoint, summary.json, plots, report.md).
 */
public final class Experiment {
    /** The resolved config file of a run directory. */
    public static final String CONFIG = "config.json";
    /** Training examples the linear probes are fitted on (a prefix of the training split). */
    static final int PROBE_EXAMPLES = 2000;

    private Experiment() {
    }

    /**
     * Runs {@code c} in {@code dir}, loading its data with {@link DatasetFactory}; a resume without a checkpoint
     * fails before the data loads (building a dataset can take minutes).
     */
    public static RunSummary run(RunConfig c, Path dir, boolean resume, PrintStream progress) throws IOException {
        if (resume) {
            RunCheckpoint.toResume(dir);
        }
        return run(c, DatasetFactory.load(c.dataset), dir, resume, -1, progress);
    }

    /**
     * Runs {@code c} on given splits; {@code stopAfterSteps} >= 0 interrupts training after that many
     * steps (checkpointed, as if killed), and then no evaluation is done and null is returned.
     */
    public static RunSummary run(RunConfig c, Splits data, Path dir, boolean resume, long stopAfterSteps,
                                 PrintStream progress) throws IOException {
        int threads = c.threads > 0 ? c.threads : Backends.defaultThreads();
        Backend backend = BackendChoice.activate(c.backend, threads, progress);
        Files.createDirectories(dir);
        if (!resume) {
            Files.writeString(dir.resolve(CONFIG), Json.PRETTY.toJson(c), StandardCharsets.UTF_8);
        }
        MultiModalModel model = buildModel(c, data.train());
        MultiObjectiveMethod method = MethodFactory.create(c.method, model.modalities().size());
        Optimizer opt = OptimizerFactory.optimizer(c.optimizer, model.parameters().asMap());
        long totalSteps = (long) c.training.epochs * Trainer.stepsPerEpoch(c.training, data.train().size());
        Trainer trainer = new Trainer(model, method, opt, OptimizerFactory.schedule(c.optimizer, totalSteps), c,
                data.train(), data.validation(), dir, progress);
        if (stopAfterSteps >= 0) {
            trainer.stopAfter(stopAfterSteps);
        }
        progress.println("mimo4j: " + c.method.name + " on " + data.train().name() + " (" + data.train().size()
                + " train examples, " + model.parameters().count() + " parameters), backend " + backend.name()
                + " (" + backend.device() + "), seed " + c.training.seed + ", run dir " + dir);
        Trainer.TrainResult tr = trainer.fit(resume);
        if (tr.stopReason().startsWith("stopped after")) {
            return null;
        }
        EvalResult test = new Evaluator(model, c.training.batchSize, c.evaluation.noiseLevels,
                c.evaluation.probeEpochs * 10, c.training.seed).evaluate(probeSubset(data.train()), data.test());
        Provenance prov = Provenance.collect(backend.name(), backend.device(), c.training.seed, threads, data.checksum());
        RunSummary s = new RunSummary(c.method.name, c.training.seed, c.dataset.name + "/" + c.dataset.preset,
                dir.toString(), test, tr.bestValidationAccuracy(), tr.epochs(), tr.steps(), tr.secondsPerEpoch(),
                tr.meanSubroutineNanos(), tr.stopReason(), prov);
        RunReport.write(dir, s);
        return s;
    }

    /**
     * The model for {@code c} on the modalities and shapes of {@code train}, initialised from the seed,
     * with each input standardised by the training split's statistics.
     */
    public static MultiModalModel buildModel(RunConfig c, Dataset train) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, ModelFactory.EncoderChoice> encoders = new LinkedHashMap<>();
        for (String m : train.modalityNames()) {
            shapes.put(m, train.modality(m).sampleShape());
            RunConfig.EncoderSpec e = c.model.encoders.getOrDefault(m, new RunConfig.EncoderSpec());
            encoders.put(m, new ModelFactory.EncoderChoice(e.type, e.width, e.layers, e.heads, e.dropout));
        }
        MultiModalModel model = ModelFactory.build(shapes, encoders, c.model.fusion, c.model.featureDim,
                train.numClasses(), new Rng(c.training.seed));
        for (String m : train.modalityNames()) {
            model.normalize(m, InputNormalizer.fit(train.modality(m)));
        }
        return model;
    }

    static Dataset probeSubset(Dataset train) {
        if (train.size() <= PROBE_EXAMPLES) {
            return train;
        }
        int[] idx = new int[PROBE_EXAMPLES];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return train.subset(train.name() + "[probe]", idx);
    }
}
