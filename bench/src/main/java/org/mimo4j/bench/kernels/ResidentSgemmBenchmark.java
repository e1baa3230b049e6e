package org.mimo4j.bench.kernels;

import java.util.concurrent.TimeUnit;
import org.mimo4j.bench.BenchBackends;
import org.mimo4j.bench.FlopCounter;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;
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
 * Question: how fast is a device backend's SGEMM kernel itself, with A, B and C already resident on
 * the device, as in a training step that stays there? {@link SgemmBenchmark} answers the host-array
 * question (copies included); this one uploads A and B once in setup and then times
 * {@link DeviceKernels#sgemm} plus a {@link DeviceKernels#finish}, which is what a GPU library's
 * matmul costs inside a resident graph.
 *
 * <p>How to read it: as SgemmBenchmark (throughput; {@code sgemm:flop} / 1e9 = GFLOP/s). Only
 * backends with device kernels run it ({@code opencl}); on PoCL the "device" is the same CPU.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ResidentSgemmBenchmark {

    @Param({"512", "1024", "2048"})
    public int n;

    @Param({"opencl"})
    public String backend;

    private Backend kernels;
    private DeviceKernels device;
    private Storage a;
    private Storage b;
    private Storage c;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = BenchBackends.open(backend);
        device = kernels.deviceKernels();
        if (device == null) {
            throw new IllegalStateException("backend '" + backend + "' has no device kernels: its data lives on the host,"
                    + " so SgemmBenchmark already measures it");
        }
        Rng rng = new Rng(BenchBackends.SEED);
        a = Storage.wrap(BenchBackends.random(rng, n * n));
        b = Storage.wrap(BenchBackends.random(rng, n * n));
        c = device.allocate(n * n);
        multiply(); // uploads A and B once; every later call finds them current on the device
        device.finish();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    @Benchmark
    public void sgemm(FlopCounter flops) {
        multiplyAndWait();
        flops.squareProduct(n);
    }

    /** One product on the resident operands and a wait for it: the benchmark's call (probe.PeerAb times it too). */
    public void multiplyAndWait() {
        multiply();
        device.finish();
    }

    /** C as the host sees it (downloads it), for tests. */
    float[] product() {
        return c.read();
    }

    /** A and B as generated, for tests. */
    float[][] operands() {
        return new float[][] {a.read(), b.read()};
    }

    private void multiply() {
        device.sgemm(false, false, n, n, n, 1f, a, 0, n, 0, b, 0, n, 0, 0f, c, 0, n, 0, 1);
    }
}
