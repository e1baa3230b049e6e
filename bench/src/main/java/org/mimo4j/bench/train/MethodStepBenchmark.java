package org.mimo4j.bench.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.model.ModelFactory;
import org.mimo4j.mimo.model.ModelFactory.EncoderChoice;
import org.mimo4j.mimo.model.ModelOutput;
import org.mimo4j.mimo.model.MultiModalModel;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;
import org.mimo4j.mimo.moo.OgmGe;
import org.mimo4j.mimo.moo.StepContext;
import org.mimo4j.mimo.moo.StepReport;
import org.mimo4j.mimo.moo.Workers;
import org.mimo4j.mimo.train.MethodFactory;
import org.mimo4j.mimo.train.OptimizerFactory;
import org.mimo4j.mimo.train.Objectives;
import org.mimo4j.mimo.train.RunConfig;
import org.mimo4j.mimo.train.StepExecutor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Question: what does one whole training step cost per multi-objective method — forward, the
 * method's backward passes, its subroutine and the Adam update — on the model
 * {@code configs/avdigits-mimo.json} builds? SubroutineBenchmark times the subroutine alone; this
 * says how much of a real step that subroutine and the extra backward passes are.
 *
 * <p>The model: a LeNet on the 1x28x28 image, an MLP (one hidden layer of 128) on the 1x112x112
 * spectrogram, 64 features each, concat fusion, one linear head per modality; Adam (lr 1e-3, no
 * weight decay; the cosine schedule's per-step lr lookup is left out), MIMO with the config's
 * gamma/mu/beta, every other method with its defaults. The batch is 64 fixed-seed random images,
 * spectrograms and labels made in setup (no dataset build). A step runs exactly what the Trainer
 * runs per batch: forward, the cross-entropy objectives f_0 (fused) and f_1, f_2 (heads), the
 * method's plan carried out by the trainer's {@link StepExecutor} (diagnostics on, as in training;
 * OGM-GE gets its modality scores from the contributions, as in training), then the optimizer step.
 *
 * <p>How to read it: milliseconds per step; the ratio of a method's row to "joint" is what balancing
 * costs. The secondary rows are totals over each iteration ({@code @AuxCounters} EVENTS, summed over
 * iterations): {@code backwardPasses / steps} is the backward passes per step and
 * {@code subroutineNanos / steps} the subroutine nanoseconds per step, as the method's StepReport
 * states them. Only the "cpu" backend is in the default sweep; {@code -p backend=opencl} adds the
 * OpenCL rows (setup fails with the reason when no device answers).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
// Ten seconds of warm-up: the Vector API kernels are very slow until C2 has compiled them.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class MethodStepBenchmark {
    static final long SEED = 20251127L;
    static final int BATCH = 64;
    private static final int CLASSES = 10;
    private static final int FEATURES = 64;

    @Param({"joint", "uniform", "mimo", "mgda", "mgda-ub", "mmpareto", "ogmge", "pcgrad", "cagrad"})
    public String method;

    @Param({"cpu"})
    public String backend;

    private Backend kernels;
    private Backend before;
    private MultiModalModel model;
    private MultiObjectiveMethod subject;
    private Optimizer optimizer;
    private StepExecutor executor;
    private Rng rng;
    private Map<String, Tensor> inputs;
    private int[] labels;

    /** What the steps of one iteration did, summed: divide by {@code steps} for per-step figures. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters {
        public long steps;
        public long backwardPasses;
        public long subroutineNanos;

        @Setup(Level.Iteration)
        public void reset() {
            steps = 0;
            backwardPasses = 0;
            subroutineNanos = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        kernels = open(backend);
        before = Backends.current();
        Backends.use(kernels);
        rng = new Rng(SEED);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("image", new int[] {1, 28, 28});
        shapes.put("audio", new int[] {1, 112, 112});
        model = ModelFactory.build(shapes, Map.of("image", new EncoderChoice("lenet", 0, 0, 0),
                "audio", new EncoderChoice("mlp", 128, 1, 0)), "concat", FEATURES, CLASSES, rng);
        model.train(true);
        subject = MethodFactory.create(methodSpec(method), model.modalities().size());
        optimizer = OptimizerFactory.optimizer(adam(), model.parameters().asMap());
        executor = new StepExecutor(model.parameters());
        inputs = new LinkedHashMap<>();
        inputs.put("image", Tensor.rand(rng, BATCH, 1, 28, 28));
        inputs.put("audio", Tensor.randn(rng, BATCH, 1, 112, 112));
        labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Backends.use(before);
        kernels.close();
    }

    @Benchmark
    public void step(Counters counters, Blackhole bh) {
        StepReport report = runStep();
        counters.steps++;
        counters.backwardPasses += report.backwardPasses();
        counters.subroutineNanos += report.subroutineNanos();
        bh.consume(report.losses());
    }

    /** One training step as the Trainer runs it per batch; the report holds the losses f_0..f_M. */
    StepReport runStep() {
        try (DeviceScope scope = DeviceScope.open()) {
            Objectives objectives = Objectives.forward(model, inputs, labels);
            StepContext ctx = context(objectives.output());
            StepReport report = executor.execute(subject, subject.plan(objectives.values(), ctx), objectives, ctx);
            optimizer.step();
            return report;
        }
    }

    /** The trained model, for tests that check the step changed it. */
    MultiModalModel model() {
        return model;
    }

    /** The Trainer's step context: epoch 0, diagnostics on, OGM scores for OGM-GE. */
    private StepContext context(ModelOutput out) {
        StepContext ctx = new StepContext(0, new double[0], rng, Workers.shared(), true);
        if (subject instanceof OgmGe && out.contributions() != null) {
            double[] s = new double[out.contributions().size()];
            for (int m = 0; m < s.length; m++) {
                s[m] = OgmGe.score(out.contributions().get(m).contiguous().data(), labels, model.classes());
            }
            ctx = ctx.withScores(s);
        }
        return ctx;
    }

    /** The method with configs/avdigits-mimo.json's options for MIMO and defaults otherwise. */
    private static RunConfig.MethodSpec methodSpec(String name) {
        RunConfig.MethodSpec spec = new RunConfig.MethodSpec();
        spec.name = name;
        if (name.equals("mimo")) {
            spec.options.put("gamma", 3.0);
            spec.options.put("mu", 2.0);
            spec.options.put("beta", 0.1);
        }
        return spec;
    }

    /** The optimizer section of configs/avdigits-mimo.json. */
    private static RunConfig.OptimizerSpec adam() {
        RunConfig.OptimizerSpec spec = new RunConfig.OptimizerSpec();
        spec.name = "adam";
        spec.lr = 1e-3;
        spec.weightDecay = 0;
        return spec;
    }

    private static Backend open(String name) {
        try {
            return Backends.select(name, Backends.defaultThreads()).backend();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException("backend '" + name + "' is unavailable for this benchmark ("
                    + e.getMessage() + "); run with -p backend=cpu to skip it", e);
        }
    }
}
