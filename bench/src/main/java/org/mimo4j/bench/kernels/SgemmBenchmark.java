package org.mimo4j.bench.kernels;

import org.mimo4j.bench.BenchBackends;
import org.mimo4j.bench.FlopCounter;
import java.util.concurrent.TimeUnit;
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
 * Question: how many GFLOP/s does one square SGEMM (C = A B, n x n x n) reach on each backend?
 *
 * <p>How to read it: the mode is throughput per second. The primary score is products per second;
 * the secondary row {@code sgemm:flop} counts 2 n^3 floating-point operations per product, so its
 * score divided by 1e9 is GFLOP/s directly. The target for {@code cpu} at n = 1024 on the 2-core
 * development machine is 70 GFLOP/s. The CPU thread count is {@code -Dmimo4j.threads} (default: all
 * processors), e.g. {@code -jvmArgsAppend -Dmimo4j.threads=1}. The {@code opencl} rows include the
 * host-device copies, since the Backend contract works on host arrays; when no OpenCL device is
 * present those rows fail in setup with the reason and the cpu rows still run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
// Ten seconds of warm-up: the Vector API kernels are very slow until C2 has compiled them.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class SgemmBenchmark {

    @Param({"256", "512", "1024", "2048"})
    public int n;

    @Param({"cpu", "opencl"})
    public String backend;

    private Backend kernels;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = BenchBackends.open(backend);
        Rng rng = new Rng(BenchBackends.SEED);
        a = BenchBackends.random(rng, n * n);
        b = BenchBackends.random(rng, n * n);
        c = new float[n * n];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    @Benchmark
    public void sgemm(FlopCounter flops, Blackhole bh) {
        multiply();
        flops.squareProduct(n);
        bh.consume(c);
    }

    /** One product, C = A B, on host arrays: the benchmark's call (probe.PeerAb times it outside JMH). */
    public void multiply() {
        kernels.sgemm(false, false, n, n, n, 1f, a, 0, n, 0, b, 0, n, 0, 0f, c, 0, n, 0, 1);
    }
}
