package org.mimo4j.bench.probe;

import java.util.Arrays;
import java.util.Locale;
import org.mimo4j.bench.BenchBackends;
import org.mimo4j.bench.kernels.Conv2dBenchmark;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;

/**
 * One thread's pace on cache-heavy work, measured once per vCPU: {@code taskset -c N java ... VcpuProbe N} prints
 * {@code {"cpu":"N","weightGradientUs":...}}, the median time of the small CNN's 16 -> 32 weight gradient on the CPU
 * backend with one thread. On the shared development VM the two vCPUs once ran it at 592-606 and 429-463 us and
 * evenly (417-460) minutes later, while the FMA peak read the same on both (session 29): a neighbour on one core's
 * caches, which the FMA probe does not see. {@code bench/run-comparison.sh} runs it on every vCPU before and after
 * the benchmarks, and the report lists both ({@code report.VcpuPace}).
 */
public final class VcpuProbe {
    private VcpuProbe() {
    }

    /** Median microseconds of {@code calls} weight gradients on one thread, after {@code warmupMillis} of them. */
    public static double medianMicros(long warmupMillis, int calls) {
        Conv2dShape s = Conv2dBenchmark.shape("smallcnn-conv2");
        Rng rng = new Rng(BenchBackends.SEED);
        float[] x = BenchBackends.random(rng, s.inputSize()), dy = BenchBackends.random(rng, s.outputSize());
        float[] dw = new float[s.weightSize()];
        try (CpuBackend cpu = new CpuBackend(1)) {
            long end = System.nanoTime() + warmupMillis * 1_000_000L;
            while (System.nanoTime() < end) {
                cpu.conv2dBackwardWeight(s, x, dy, dw);
            }
            long[] nanos = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                cpu.conv2dBackwardWeight(s, x, dy, dw);
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            return nanos[calls / 2] / 1e3;
        }
    }

    /**
     * {@code LABEL [--quick]}: measures (4 s of warm-up and 400 calls; quick: 2 s and 100, enough for C2 to have
     * compiled the kernels, which half a second was not: 1.3-4.2 ms against 0.45-0.6) and prints one JSON line.
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--quick"))) {
            System.err.println("usage: VcpuProbe LABEL [--quick]   (run it under taskset -c LABEL)");
            System.exit(2);
        }
        boolean quick = args.length == 2;
        double us = medianMicros(quick ? 2000 : 4000, quick ? 100 : 400);
        System.out.println(String.format(Locale.ROOT, "{\"cpu\":\"%s\",\"weightGradientUs\":%.1f}", args[0], us));
    }
}
