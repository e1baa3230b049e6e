package org.mimo4j.bench.compare;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.model.ModelFactory;
import org.mimo4j.mimo.model.ModelFactory.EncoderChoice;
import org.mimo4j.mimo.model.ModelOutput;
import org.mimo4j.mimo.model.MultiModalModel;
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

/**
 * Question: how long does one training step of the AV-Digits two-encoder model take, next to the same
 * model in PyTorch ({@code bench/peers/peer_bench.py}, workload {@code avdigits-step})? The model is
 * the one the {@code configs/avdigits-*.json} runs build: a LeNet on the 1x28x28 image, an MLP (one
 * hidden layer of 128) on the 1x112x112 spectrogram, 64 features each, concat fusion and one linear
 * head per modality; batch 64.
 *
 * <p>How to read it: milliseconds per step. The step is the "joint" objective (fused plus both
 * unimodal cross-entropies summed, one backward) with plain SGD, so it times the model and engine and
 * not a multi-objective method's subroutine (that is SubroutineBenchmark's question).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class AvDigitsStepBenchmark {
    private static final int BATCH = 64;
    private static final int CLASSES = 10;
    private static final int FEATURES = 64;

    @Param({"cpu", "opencl"})
    public String backend;

    private Backend kernels;
    private Backend before;
    private MultiModalModel model;
    private Map<String, Tensor> inputs;
    private int[] labels;
    private Optimizer sgd;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = CompareSetup.open(backend);
        before = Backends.current();
        Backends.use(kernels);
        Rng rng = new Rng(CompareSetup.SEED);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("image", new int[] {1, 28, 28});
        shapes.put("audio", new int[] {1, 112, 112});
        model = ModelFactory.build(shapes, Map.of("image", new EncoderChoice("lenet", 0, 0, 0),
                "audio", new EncoderChoice("mlp", 128, 1, 0)), "concat", FEATURES, CLASSES, rng);
        inputs = new LinkedHashMap<>();
        inputs.put("image", Tensor.rand(rng, BATCH, 1, 28, 28));
        inputs.put("audio", Tensor.randn(rng, BATCH, 1, 112, 112));
        labels = CompareSetup.labels(rng, BATCH, CLASSES);
        sgd = CompareSetup.sgd(model.parameters().asMap());
    }

    /** Trainable floats in the model; the peer's PyTorch model has the same count (1,682,902). */
    long parameterCount() {
        return model.parameters().count();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Backends.use(before);
        kernels.close();
    }

    @Benchmark
    public float step() {
        try (DeviceScope scope = DeviceScope.open()) { // as the Trainer runs a step: device memory back at its end
            ModelOutput out = model.forward(inputs);
            Tensor loss = F.crossEntropy(out.fused(), labels);
            for (Tensor head : out.heads()) {
                loss = loss.add(F.crossEntropy(head, labels));
            }
            loss.backward();
            sgd.step();
            sgd.zeroGrad();
            return loss.item();
        }
    }
}
