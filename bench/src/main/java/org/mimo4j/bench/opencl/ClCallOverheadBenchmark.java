package org.mimo4j.bench.opencl;

import org.mimo4j.bench.BenchBackends;
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

/**
 * Question: what does one small backend call cost on OpenCL (uploads, three kernel launches, the
 * read-back) compared with the CPU, and from which size on does the device pay for itself?
 *
 * <p>How to read it: microseconds per square SGEMM of size n. At n=1 the {@code opencl} row is
 * almost pure fixed cost (PoCL launches alone are 30-40 us each); the n where the rows cross is the
 * smallest matrix worth sending to the device under the host-array Backend contract.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ClCallOverheadBenchmark {

    @Param({"1", "16", "64", "128", "256"})
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
    public float[] sgemm() {
        kernels.sgemm(false, false, n, n, n, 1f, a, 0, n, 0, b, 0, n, 0, 0f, c, 0, n, 0, 1);
        return c;
    }
}
