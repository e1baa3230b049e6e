package org.mimo4j.bench.opencl;

import org.mimo4j.bench.BenchBackends;
import org.mimo4j.bench.FlopCounter;
import java.util.concurrent.TimeUnit;
import org.mimo4j.engine.backend.BackendUnavailableException;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.kernels.ClBackend;
import org.mimo4j.kernels.ClRuntime;
import org.mimo4j.kernels.ClTuning;
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
 * Question: is the tuning table's GEMM kernel and tile the right one for this OpenCL device? Runs one
 * square SGEMM (n x n x n) with each candidate: a register block TMxNV of {@code sgemm_packed} (a
 * work-item computes TM rows x 16*NV columns of C, in the device's packed work-groups), or a
 * {@code sgemm_tiled} configuration ({@code tiled} is the GPU row, {@code tiled:BMxBNxBK:RMxRN} any
 * other, see {@link ClTuning#GEMM_PROPERTY}); {@code table} is the row ClTuning picks for the device,
 * the baseline. On a GPU, pass e.g. {@code -p tile=table,packed,tiled:64x64x16:8x8,tiled:128x64x16:8x8}.
 *
 * <p>How to read it: throughput per second; the secondary {@code sgemm:flop} row divided by 1e9 is
 * GFLOP/s. If another tile beats {@code table} by more than the error at every n, change the table
 * row for this device kind. Host-device copies are included (the Backend contract is host arrays).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ClTileBenchmark {

    @Param({"512", "1024", "2048"})
    public int n;

    @Param({"table", "8x2", "6x1", "4x2", "8x1", "4x1", "4x4", "tiled", "tiled:64x64x16:8x8"})
    public String tile;

    private ClBackend cl;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() throws BackendUnavailableException {
        ClRuntime rt = ClRuntime.open();
        cl = ClBackend.create(rt, candidate(rt), "");
        Rng rng = new Rng(BenchBackends.SEED);
        a = BenchBackends.random(rng, n * n);
        b = BenchBackends.random(rng, n * n);
        c = new float[n * n];
    }

    private ClTuning candidate(ClRuntime rt) {
        ClRuntime.DeviceKind kind = rt.kind();
        if (tile.equals("table")) {
            return ClTuning.forDevice(rt);
        }
        boolean kernel = tile.equals("packed") || tile.startsWith("tiled");
        return kernel ? ClTuning.withGemm(kind, tile) : ClTuning.withGemm(kind, "packed").withTile(tile);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cl.close();
    }

    @Benchmark
    public void sgemm(FlopCounter flops, Blackhole bh) {
        cl.sgemm(false, false, n, n, n, 1f, a, 0, n, 0, b, 0, n, 0, 0f, c, 0, n, 0, 1);
        flops.squareProduct(n);
        bh.consume(c);
    }
}
