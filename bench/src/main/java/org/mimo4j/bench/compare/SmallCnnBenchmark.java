package org.mimo4j.bench.compare;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;
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
 * Question: how long does one training step of the comparison's small CNN take, next to the same
 * step in PyTorch ({@code bench/peers/peer_bench.py}, workload {@code small-cnn-step})? The network:
 * conv 1->16 3x3 pad 1, ReLU, 2x2 max-pool, conv 16->32 3x3 pad 1, ReLU, 2x2 max-pool, linear
 * 32*7*7 -> 10, cross-entropy, plain SGD (lr 0.01), on a batch of 32 images of 1x28x28. Each ReLU and
 * max-pool run as one op ({@code F.reluMaxPool2d}: the same values and gradients, bit for bit, as
 * {@code maxPool2d(relu(x))}); PyTorch runs them as two.
 *
 * <p>How to read it: milliseconds per step (forward, backward, update), per backend ({@code cpu},
 * {@code opencl}); the rows pair with the peer's {@code small-cnn-step}. Compare rows from the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class SmallCnnBenchmark {
    private static final int BATCH = 32;
    private static final int FLAT = 32 * 7 * 7;

    @Param({"cpu", "opencl"})
    public String backend;

    private Backend kernels;
    private Backend before;
    private Tensor x;
    private int[] labels;
    private Tensor[] params;
    private Optimizer sgd;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = CompareSetup.open(backend);
        before = Backends.current();
        Backends.use(kernels);
        Rng rng = new Rng(CompareSetup.SEED);
        x = Tensor.rand(rng, BATCH, 1, 28, 28);
        labels = CompareSetup.labels(rng, BATCH, 10);
        params = new Tensor[] {
            weight(rng, 0.33f, 16, 1, 3, 3), Tensor.zeros(16).requiresGrad(true),
            weight(rng, 0.08f, 32, 16, 3, 3), Tensor.zeros(32).requiresGrad(true),
            weight(rng, 0.02f, 10, FLAT), Tensor.zeros(10).requiresGrad(true)};
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            named.put("p" + i, new Parameter(params[i]));
        }
        sgd = CompareSetup.sgd(named);
    }

    private static Tensor weight(Rng rng, float scale, int... shape) {
        return Tensor.randn(rng, shape).mul(scale).detach().requiresGrad(true);
    }

    /** Trainable floats in the network; the peer's PyTorch network has the same count (20,490). */
    long parameterCount() {
        long n = 0;
        for (Tensor p : params) {
            n += p.numel();
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Backends.use(before);
        kernels.close();
    }

    @Benchmark
    public float step() {
        try (DeviceScope scope = DeviceScope.open()) { // as the Trainer runs a step: device memory back at its end
            Tensor h = F.reluMaxPool2d(F.conv2d(x, params[0], params[1], 1, 1, 1, 1), 2, 2, 0);
            h = F.reluMaxPool2d(F.conv2d(h, params[2], params[3], 1, 1, 1, 1), 2, 2, 0);
            Tensor loss = F.crossEntropy(F.linear(h.reshape(BATCH, FLAT), params[4], params[5]), labels);
            loss.backward();
            sgd.step();
            sgd.zeroGrad();
            return loss.item();
        }
    }
}
