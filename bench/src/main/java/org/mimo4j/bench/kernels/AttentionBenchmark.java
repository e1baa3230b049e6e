package org.mimo4j.bench.kernels;

import org.mimo4j.bench.BenchBackends;
import java.util.concurrent.TimeUnit;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.tensor.Rng;
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
 * Question: how long does the attention of one transformer encoder layer take (batch 32, 4 heads
 * folded into the batch, sequence 64, head dimension 64), forward alone and forward plus backward, on
 * each backend, with and without a causal mask?
 *
 * <p>How to read it: average milliseconds per call. The forward is 2 GEMMs of 2 * 128 * 64^3 flops
 * plus the softmax; the backward adds 4 more GEMMs. The CPU thread count is {@code -Dmimo4j.threads};
 * {@code opencl} rows fail in setup, with the reason, when no device is present.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
// Ten seconds of warm-up: the Vector API kernels are very slow until C2 has compiled them.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class AttentionBenchmark {
    private static final int BATCH = 32;
    private static final int HEADS = 4;
    private static final int SEQ = 64;
    private static final int DIM = 64;

    @Param({"cpu", "opencl"})
    public String backend;

    @Param({"false", "true"})
    public boolean causal;

    private Backend kernels;
    private AttentionShape shape;
    private float[] q;
    private float[] k;
    private float[] v;
    private float[] mask;
    private float[] out;
    private float[] probs;
    private float[] dOut;
    private float[] dq;
    private float[] dk;
    private float[] dv;
    private float scale;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = BenchBackends.open(backend);
        shape = new AttentionShape(BATCH * HEADS, SEQ, SEQ, DIM, DIM);
        int size = BATCH * HEADS * SEQ * DIM;
        Rng rng = new Rng(BenchBackends.SEED);
        q = BenchBackends.random(rng, size);
        k = BenchBackends.random(rng, size);
        v = BenchBackends.random(rng, size);
        dOut = BenchBackends.random(rng, size);
        mask = causal ? causalMask() : null;
        out = new float[size];
        probs = new float[BATCH * HEADS * SEQ * SEQ];
        dq = new float[size];
        dk = new float[size];
        dv = new float[size];
        scale = (float) (1 / Math.sqrt(DIM));
    }

    private static float[] causalMask() {
        float[] m = new float[SEQ * SEQ];
        for (int i = 0; i < SEQ; i++) {
            for (int j = i + 1; j < SEQ; j++) {
                m[i * SEQ + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return m;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    @Benchmark
    public void forward(Blackhole bh) {
        kernels.attentionForward(shape, q, k, v, mask, scale, out, probs);
        bh.consume(out);
    }

    @Benchmark
    public void forwardBackward(Blackhole bh) {
        kernels.attentionForward(shape, q, k, v, mask, scale, out, probs);
        kernels.attentionBackward(shape, q, k, v, probs, dOut, scale, dq, dk, dv);
        bh.consume(out);
        bh.consume(dq);
        bh.consume(dk);
        bh.consume(dv);
    }
}
