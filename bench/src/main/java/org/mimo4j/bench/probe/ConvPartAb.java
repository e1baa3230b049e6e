package org.mimo4j.bench.probe;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.mimo4j.bench.BenchBackends;
import org.mimo4j.bench.kernels.Conv2dBenchmark;
import org.mimo4j.bench.kernels.ConvCalls;
import org.mimo4j.bench.report.Timing;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Conv2dShape;

/**
 * One convolution part timed on two builds of a backend in one JVM, alternating: side A built under one set
 * of system properties, side B under another (the route, tile and form switches a backend reads when it is
 * built, e.g. {@code mimo4j.opencl.convLanes=false}, {@code mimo4j.opencl.gemm=packed:4x4}), then round after
 * round each side's median of {@code calls} calls. The figure is the median over rounds of B's median over A's,
 * with the rounds B was faster in. This is how the "one JVM alternating" figures of docs/performance.md were
 * taken: on these shared 2-core machines the pace moves by 20-30 % within minutes, and JMH's forks in
 * separate JVMs cannot resolve a 5-10 % change; two sides measured in the same minutes can (an A/A run of
 * this probe reads 0.96-1.04).
 *
 * <p>{@code java -cp benchmarks.jar org.mimo4j.bench.probe.ConvPartAb LAYER PART [--backend opencl]
 * [--rounds 10] [--calls 40] [--a k=v,k=v] [--b k=v]}: LAYER is one of {@link Conv2dBenchmark}'s layers, PART
 * {@code forward}, {@code backward-data}, {@code weight-gradient} or {@code forward-backward} (the three as the
 * benchmark's {@code forwardBackward} runs them). On a device backend the operands stay on
 * the device and each call ends with {@code finish()}, as in the benchmark; on the CPU backend they are host
 * arrays. The first {@value #WARMUP_ROUNDS} rounds are warm-up (kernel builds, the JIT) and left out.
 *
 * <p>At the end it prints how far B's output is from A's: a variant that skips work looks fast. One did so
 * by more than its work: with the padding copy skipped, the shifted GEMM read a buffer never written, whose
 * pages all map the kernel's one zero page, and ran 0.62x; the copy itself cost 1.08x when run twice.
 */
public final class ConvPartAb {
    /** Rounds left out of the summary: the first calls build kernels and wait for the JIT. */
    static final int WARMUP_ROUNDS = 2;

    private ConvPartAb() {
    }

    /**
     * What a run times: one kernel of a convolution layer, or the three as {@link Conv2dBenchmark}'s
     * {@code forwardBackward} calls them (a {@code finish()} after the forward and after the two backward
     * kernels on a device backend).
     */
    enum Part {
        FORWARD(0), BACKWARD_DATA(1), WEIGHT_GRADIENT(2), FORWARD_BACKWARD(0, 1, 2);

        /** Which of the layer's outputs (y, dx, dw) the part writes. */
        final int[] outputs;

        Part(int... outputs) {
            this.outputs = outputs;
        }

        /** forward, backward-data, weight-gradient, forward-backward. */
        static Part parse(String name) {
            for (Part p : values()) {
                if (p.toString().equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("part must be forward, backward-data, weight-gradient or "
                    + "forward-backward, got '" + name + "'");
        }

        void run(ConvCalls c) {
            switch (this) {
                case FORWARD -> c.forward();
                case BACKWARD_DATA -> c.backwardData();
                case WEIGHT_GRADIENT -> c.backwardWeight();
                case FORWARD_BACKWARD -> {
                    c.forward();
                    c.finish();
                    c.backwardData();
                    c.backwardWeight();
                }
            }
            c.finish();
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The median over rounds (after warm-up) of B's time over A's, and in how many of those rounds B was
     * faster.
     */
    record Summary(double medianRatio, int bFaster, int rounds) {
        static Summary of(double[] a, double[] b, int warmup) {
            int n = a.length - warmup;
            if (n < 1) {
                throw new IllegalArgumentException("need more than " + warmup + " rounds, got " + a.length);
            }
            double[] ratios = new double[n];
            int faster = 0;
            for (int i = 0; i < n; i++) {
                ratios[i] = b[warmup + i] / a[warmup + i];
                faster += ratios[i] < 1 ? 1 : 0;
            }
            return new Summary(median(ratios), faster, n);
        }
    }

    /** {@code k=v,k=v} as a map in order; {@code -} or an empty string for none. */
    static Map<String, String> properties(String spec) {
        Map<String, String> map = new LinkedHashMap<>();
        if (spec.isBlank() || spec.equals("-")) {
            return map;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("properties must be k=v,k=v (or - for none), got '" + spec + "'");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }

    /** What {@code build} returns with {@code properties} set while it runs; the previous values come back after. */
    static <T> T under(Map<String, String> properties, Supplier<T> build) {
        Map<String, String> before = new LinkedHashMap<>();
        properties.keySet().forEach(k -> before.put(k, System.getProperty(k)));
        properties.forEach(System::setProperty);
        try {
            return build.get();
        } finally {
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    /** One side: a backend and its calls of the part. */
    private static final class Side implements AutoCloseable {
        private final Backend backend;
        private final Part part;
        private final ConvCalls calls;

        Side(Backend backend, Conv2dShape s, Part part, float[][] xwbd) {
            this.backend = backend;
            this.part = part;
            this.calls = ConvCalls.of(backend, s, xwbd);
        }

        /** Median microseconds of {@code n} runs of the part. */
        double medianMicros(int n) {
            double[] t = new double[n];
            for (int c = 0; c < n; c++) {
                long t0 = System.nanoTime();
                part.run(calls);
                t[c] = (System.nanoTime() - t0) / 1e3;
            }
            return median(t);
        }

        /** The outputs the part wrote. */
        float[][] outputs() {
            float[][] all = calls.outputs();
            float[][] written = new float[part.outputs.length][];
            for (int i = 0; i < written.length; i++) {
                written[i] = all[part.outputs[i]];
            }
            return written;
        }

        @Override
        public void close() {
            backend.close();
        }
    }

    /** The run's settings: what the command line says. */
    record Options(String layer, Part part, String backend, int rounds, int calls, Map<String, String> a,
                   Map<String, String> b) {
        static Options parse(String... args) {
            if (args.length < 2) {
                throw new IllegalArgumentException("usage: ConvPartAb LAYER PART [--backend opencl] [--rounds 10]"
                        + " [--calls 40] [--a k=v,k=v] [--b k=v,k=v]");
            }
            Map<String, String> flags = new LinkedHashMap<>(Map.of("--backend", "opencl", "--rounds", "10",
                    "--calls", "40", "--a", "-", "--b", "-"));
            for (int i = 2; i < args.length; i += 2) {
                if (!flags.containsKey(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: '" + args[i] + "'");
                }
                flags.put(args[i], args[i + 1]);
            }
            Conv2dBenchmark.shape(args[0]);
            return new Options(args[0], Part.parse(args[1]), flags.get("--backend"), count(flags, "--rounds"),
                    count(flags, "--calls"), properties(flags.get("--a")), properties(flags.get("--b")));
        }

        private static int count(Map<String, String> flags, String flag) {
            String v = flags.get(flag);
            try {
                int n = Integer.parseInt(v);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " must be a positive integer, got '" + v + "'");
        }
    }

    /** Runs the A/B, printing each round and the summary to {@code out}; returns the summary. */
    static Summary run(Options o, PrintStream out) {
        Conv2dShape s = Conv2dBenchmark.shape(o.layer());
        float[][] xwbd = ConvCalls.operands(s);
        try (Side a = new Side(under(o.a(), () -> BenchBackends.open(o.backend())), s, o.part(), xwbd);
             Side b = new Side(under(o.b(), () -> BenchBackends.open(o.backend())), s, o.part(), xwbd)) {
            out.printf(Locale.ROOT, "%s %s on %s, medians of %d calls per side and round%nA: %s%nB: %s%n",
                    o.layer(), o.part(), o.backend(), o.calls(), o.a(), o.b());
            double[] ta = new double[o.rounds()];
            double[] tb = new double[o.rounds()];
            for (int r = 0; r < o.rounds(); r++) {
                ta[r] = a.medianMicros(o.calls());
                tb[r] = b.medianMicros(o.calls());
                out.printf(Locale.ROOT, "round %2d: A %8.1f us  B %8.1f us  B/A %.3f%n", r, ta[r], tb[r], tb[r] / ta[r]);
            }
            Summary sum = Summary.of(ta, tb, Math.min(WARMUP_ROUNDS, o.rounds() - 1));
            out.printf(Locale.ROOT, "B/A median %.3f (B faster in %d of %d rounds after warm-up)%n",
                    sum.medianRatio(), sum.bFaster(), sum.rounds());
            out.printf(Locale.ROOT, "max |B - A| / max |A| of the output: %.2e%n", distance(a.outputs(), b.outputs()));
            return sum;
        }
    }

    /** The largest difference of b from a, output by output, over that output's largest magnitude in a. */
    static double distance(float[][] a, float[][] b) {
        double worst = 0;
        for (int k = 0; k < a.length; k++) {
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < a[k].length; i++) {
                scale = Math.max(scale, Math.abs(a[k][i]));
                diff = Math.max(diff, Math.abs((double) b[k][i] - a[k][i]));
            }
            worst = Math.max(worst, scale == 0 ? diff : diff / scale);
        }
        return worst;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return Timing.median(v);
    }

    /** Prints a bad argument's reason and exits with 2. */
    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        run(o, System.out);
    }
}
