package org.mimo4j.bench.opencl;

import java.util.concurrent.TimeUnit;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.ops.F;
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
 * Question: how long does one whole training step of the small CNN take on each backend, with the
 * ops' non-kernel work (relu, pooling, cross-entropy, autodiff bookkeeping) on the host either way?
 * The network: conv 1->8 3x3 pad 1, relu, maxpool 2, linear 8*14*14 -> 10, cross-entropy, plain SGD,
 * on a batch of 28x28 images.
 *
 * <p>How to read it: milliseconds per step (forward, backward, update). The PyTorch 1.13 CPU reference
 * for a step like this on the 2-core development machine was 3-4 ms; compare rows from the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class SmallCnnStepBenchmark {
    private static final long SEED = 20240611L;
    private static final float LR = 0.01f;

    @Param({"32", "128"})
    public int batch;

    @Param({"cpu", "opencl"})
    public String backend;

    private Backend kernels;
    private Backend before;
    private Tensor x;
    private int[] labels;
    private Tensor[] params;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = ClBenchData.open(backend);
        before = Backends.current();
        Backends.use(kernels);
        Rng rng = new Rng(SEED);
        x = Tensor.randn(rng, batch, 1, 28, 28);
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(10);
        }
        params = new Tensor[] {
            Tensor.randn(rng, 8, 1, 3, 3).mul(1f / 3).detach().requiresGrad(true),
            Tensor.zeros(8).requiresGrad(true),
            Tensor.randn(rng, 10, 8 * 14 * 14).mul(0.02f).detach().requiresGrad(true),
            Tensor.zeros(10).requiresGrad(true)};
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Backends.use(before);
        kernels.close();
    }

    @Benchmark
    public float step() {
        Tensor h = F.maxPool2d(F.conv2d(x, params[0], params[1], 1, 1, 1, 1).relu(), 2, 2, 0);
        Tensor loss = F.crossEntropy(F.linear(h.reshape(batch, 8 * 14 * 14), params[2], params[3]), labels);
        loss.backward();
        for (Tensor p : params) {
            float[] d = p.data(), g = p.grad().data();
            for (int i = 0; i < d.length; i++) {
                d[i] -= LR * g[i];
            }
            p.zeroGrad();
        }
        return loss.item();
    }
}
