package org.mimo4j.mimo.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mimo4j.data.Batch;
import org.mimo4j.data.DataLoader;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.EpochIterator;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.optim.Finite;
import org.mimo4j.engine.optim.GradClip;
import org.mimo4j.engine.optim.LrSchedule;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.eval.HeadAccuracy;
import org.mimo4j.mimo.model.ModelOutput;
import org.mimo4j.mimo.model.MultiModalModel;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;
import org.mimo4j.mimo.moo.NonFiniteGradientException;
import org.mimo4j.mimo.moo.OgmGe;
import org.mimo4j.mimo.moo.StepContext;
import org.mimo4j.mimo.moo.StepReport;
import org.mimo4j.mimo.moo.Workers;
import org.mimo4j.mimo.report.MetricsLog;

/**
 * The epoch loop: seeded shuffling (the order of epoch e depends only on the seed and e), one
 * forward pass per batch giving the objectives f_0 (fused) and f_1..f_M (heads), the method's plan
 * carried out by {@link StepExecutor}, optional gradient clipping, the LR schedule and the optimizer
 * step. It validates at each epoch end (early stopping on fused validation accuracy), checkpoints at
 * epoch end and every N steps, logs to metrics.jsonl, and halts on a non-finite loss or gradient
 * without overwriting the last good checkpoint. {@link #fit} with resume continues from the
 * checkpoint exactly: same batches, optimizer state and random stream.
 */
public final class Trainer {
    private final MultiModalModel model;
    private final MultiObjectiveMethod method;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final RunConfig config;
    private final Dataset train;
    private final Dataset validation;
    private final Path dir;
    private final Progress progress;
    private final Rng rng;
    private final StepExecutor executor;
    private final DataLoader loader;
    private long stopAfterSteps = Long.MAX_VALUE;
    private TrainState state = new TrainState();

    public Trainer(MultiModalModel model, MultiObjectiveMethod method, Optimizer optimizer, LrSchedule schedule,
                   RunConfig config, Dataset train, Dataset validation, Path dir, PrintStream progress) {
        this.model = model;
        this.method = method;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.config = config;
        this.train = train;
        this.validation = validation;
        this.dir = dir;
        this.progress = new Progress(progress);
        this.rng = new Rng(config.training.seed ^ 0x5DEECE66DL);
        this.executor = new StepExecutor(model.parameters());
        this.loader = new DataLoader(train, DataLoader.Options.shuffled(config.training.batchSize, config.training.seed));
    }

    /** Steps per epoch over {@code examples} training examples, under the config's cap. */
    public static int stepsPerEpoch(RunConfig.TrainingSpec t, int examples) {
        int all = (examples + t.batchSize - 1) / t.batchSize;
        return t.maxStepsPerEpoch > 0 ? Math.min(t.maxStepsPerEpoch, all) : all;
    }

    /** Stops (after checkpointing) once {@code steps} global steps are done: an interruption on purpose. */
    public Trainer stopAfter(long steps) {
        this.stopAfterSteps = steps;
        return this;
    }

    /** The checkpoint file of this run. */
    public Path checkpointFile() {
        return dir.resolve(RunCheckpoint.FILE);
    }

    /** Trains (from the run's checkpoint when {@code resume}) and says how training ended. */
    public TrainResult fit(boolean resume) throws IOException {
        if (resume) {
            state = RunCheckpoint.load(RunCheckpoint.toResume(dir), model, method, optimizer, rng);
        }
        try (MetricsLog log = new MetricsLog(dir.resolve("metrics.jsonl"))) {
            while (state.epoch < config.training.epochs) {
                String stop = runEpoch(log);
                if (stop != null) {
                    return result(stop);
                }
            }
        }
        return result("completed " + state.epochsDone + " epochs");
    }

    private String runEpoch(MetricsLog log) throws IOException {
        int total = stepsPerEpoch(config.training, train.size());
        int start = state.batchInEpoch;
        double[] lossSums = new double[method.objectives()];
        long t0 = System.nanoTime();
        progress.startEpoch();
        model.train(true);
        try (EpochIterator it = loader.epoch(state.epoch, start)) {
            for (int b = start; b < total && it.hasNext(); b++) {
                double[] losses = step(it.next(), log);
                for (int k = 0; k < losses.length; k++) {
                    lossSums[k] += losses[k];
                }
                state.batchInEpoch = b + 1;
                progress.step(state.epoch, config.training.epochs, b + 1, start, total, lossText(losses));
                if (state.globalStep >= stopAfterSteps) {
                    state.trainSeconds += (System.nanoTime() - t0) / 1e9;
                    checkpoint();
                    return "stopped after " + state.globalStep + " steps";
                }
                if (config.training.checkpointEvery > 0 && state.globalStep % config.training.checkpointEvery == 0) {
                    checkpoint();
                }
            }
        }
        state.trainSeconds += (System.nanoTime() - t0) / 1e9;
        return endEpoch(log, lossSums, total - start);
    }

    private String endEpoch(MetricsLog log, double[] lossSums, int steps) throws IOException {
        Map<String, Double> val = HeadAccuracy.of(model, validation, config.training.batchSize);
        double fused = val.get("fused");
        if (fused > state.bestValidation) {
            state.bestValidation = fused;
            state.bestEpoch = state.epoch;
            state.epochsSinceBest = 0;
        } else {
            state.epochsSinceBest++;
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("kind", "epoch");
        rec.put("epoch", state.epoch + 1);
        rec.put("step", state.globalStep);
        rec.put("seconds", state.trainSeconds);
        rec.put("trainLoss", named(scale(lossSums, 1.0 / Math.max(steps, 1))));
        rec.put("valAccuracy", val);
        log.write(rec);
        progress.endEpoch(String.format(Locale.ROOT, "epoch %d/%d done: validation fused %.2f%%  %s",
                state.epoch + 1, config.training.epochs, 100 * fused, headText(val)));
        state.epoch++;
        state.epochsDone++;
        state.batchInEpoch = 0;
        checkpoint();
        int patience = config.training.patience;
        if (patience > 0 && state.epochsSinceBest >= patience) {
            return "early stop at epoch " + state.epoch + " (no better validation accuracy for " + patience + " epochs)";
        }
        return null;
    }

    /**
     * One step in a {@link DeviceScope}: on a device backend everything the step made (activations,
     * gradients in flight, the uploaded batch) gives its device memory back when it returns.
     */
    private double[] step(Batch batch, MetricsLog log) {
        try (DeviceScope scope = DeviceScope.open()) {
            return scopedStep(batch, log);
        }
    }

    private double[] scopedStep(Batch batch, MetricsLog log) {
        Objectives objectives = Objectives.forward(model, batch.inputs(), batch.labels());
        double[] values = objectives.values();
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                halt("loss " + objectiveName(k) + " is " + values[k], null);
            }
        }
        StepReport report;
        try {
            StepContext ctx = context(objectives.output(), batch);
            report = executor.execute(method, method.plan(values, ctx), objectives, ctx);
        } catch (NonFiniteGradientException e) {
            halt(e.getMessage(), e);
            return values;
        }
        String bad = firstNonFiniteGradient();
        if (bad != null) {
            halt("the gradient of " + bad + " has a non-finite value", null);
        }
        if (config.optimizer.clipNorm > 0) {
            double norm = GradClip.byGlobalNorm(model.parameters().list(), config.optimizer.clipNorm);
            if (!Double.isFinite(norm)) {
                halt("the gradient norm is " + norm, null);
            }
        }
        optimizer.setLearningRate((float) schedule.at(optimizer.stepCount()));
        optimizer.step();
        state.globalStep++;
        state.subroutineNanos += report.subroutineNanos();
        if (state.globalStep % config.training.logEvery == 0) {
            log.write(StepRecord.of(state, optimizer.learningRate(), report, model.modalities()));
        }
        return values;
    }

    private StepContext context(ModelOutput out, Batch batch) {
        StepContext ctx = new StepContext(state.epoch, new double[0], rng, Workers.shared(), true);
        return withOgmScores(ctx, method, out, batch.labels(), model.classes());
    }

    /** {@code ctx} with OGM-GE's per-modality scores of this batch when {@code method} is OGM-GE, else as is. */
    static StepContext withOgmScores(StepContext ctx, MultiObjectiveMethod method, ModelOutput out, int[] labels,
                                     int classes) {
        if (!(method instanceof OgmGe) || out.contributions() == null) {
            return ctx;
        }
        double[] s = new double[out.contributions().size()];
        for (int m = 0; m < s.length; m++) {
            s[m] = OgmGe.score(out.contributions().get(m).contiguous().data(), labels, classes);
        }
        return ctx.withScores(s);
    }

    /**
     * The first parameter whose gradient holds a NaN or infinity, or null (one O(d) pass). The check runs
     * where the gradients live ({@link Finite}: on a device backend one 4-byte flag comes down); only a
     * failed check reads them on the host to name the parameter.
     */
    private String firstNonFiniteGradient() {
        List<Tensor> grads = new ArrayList<>();
        for (Parameter p : model.parameters().list()) {
            grads.add(p.grad());
        }
        if (Finite.all(grads)) {
            return null;
        }
        for (Map.Entry<String, Parameter> e : model.parameters().asMap().entrySet()) {
            for (float v : e.getValue().grad().data()) {
                if (!Float.isFinite(v)) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    private void checkpoint() throws IOException {
        for (Parameter p : model.parameters().list()) {
            for (float v : p.data()) {
                if (!Float.isFinite(v)) {
                    halt("parameter values became non-finite", null);
                }
            }
        }
        RunCheckpoint.save(checkpointFile(), model, method, optimizer, rng, state);
    }

    private void halt(String problem, Throwable cause) {
        String last = Files.exists(checkpointFile()) ? "the last good checkpoint " + checkpointFile() + " is intact"
                : "no checkpoint was written yet";
        throw new TrainingHaltedException(String.format(Locale.ROOT, "training halted at epoch %d, step %d: %s; %s "
                + "(try a lower learning rate, or set optimizer.clipNorm)", state.epoch + 1, state.globalStep + 1, problem, last), cause);
    }

    private TrainResult result(String stop) {
        double perEpoch = state.epochsDone == 0 ? state.trainSeconds : state.trainSeconds / state.epochsDone;
        double meanSub = state.globalStep == 0 ? 0 : (double) state.subroutineNanos / state.globalStep;
        return new TrainResult(stop, state.epochsDone, state.globalStep, Math.max(state.bestValidation, 0), perEpoch,
                meanSub);
    }

    private String objectiveName(int k) {
        return k == 0 ? "fused" : model.modalities().get(k - 1);
    }

    private Map<String, Double> named(double[] v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k = 0; k < v.length; k++) {
            m.put(objectiveName(k), v[k]);
        }
        return m;
    }

    private String lossText(double[] losses) {
        StringBuilder sb = new StringBuilder("loss");
        for (int k = 0; k < losses.length; k++) {
            sb.append(String.format(Locale.ROOT, " %s %.3f", objectiveName(k), losses[k]));
        }
        return sb.toString();
    }

    private static String headText(Map<String, Double> val) {
        StringBuilder sb = new StringBuilder("heads:");
        val.forEach((k, v) -> {
            if (!k.equals("fused")) {
                sb.append(String.format(Locale.ROOT, " %s %.2f%%", k, 100 * v));
            }
        });
        return sb.toString();
    }

    private static double[] scale(double[] v, double s) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    /** How training ended and what it cost. */
    public record TrainResult(String stopReason, int epochs, long steps, double bestValidationAccuracy,
                              double secondsPerEpoch, double meanSubroutineNanos) {
    }
}
