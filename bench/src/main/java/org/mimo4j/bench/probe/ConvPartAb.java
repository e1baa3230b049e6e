package org.mimo4j.bench.probe;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;
import org.mimo4j.bench.BenchBackends;
import org.mimo4j.bench.kernels.Conv2dBenchmark;
import org.mimo4j.bench.kernels.ConvCalls;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Conv2dShape;

/**
 * One convolution part timed on two builds of a backend in one JVM ({@link AbRounds}): side A built under one
 * set of system properties, side B under another (the route, tile and form switches a backend reads when it is
 * built, e.g. {@code mimo4j.opencl.convLanes=false}, {@code mimo4j.opencl.gemm=packed:4x4}), then round after
 * round each side's median of {@code calls} calls, the side that goes first alternating. The figure is the
 * median over rounds of B's median over A's, with the rounds B was faster in. This is how the "one JVM
 * alternating" figures of docs/performance.md were taken (an A/A run of this probe reads 0.96-1.04).
 *
 * <p>With {@code --backend cpu} each side may also load its own build of the engine ({@code --a-classes},
 * {@code --b-classes}: a class path, as for {@link SgemmAb}): code changes, not only switches, A/B'd in one JVM.
 *
 * <p>{@code java -cp benchmarks.jar org.mimo4j.bench.probe.ConvPartAb LAYER PART [--backend opencl]
 * [--rounds 10] [--calls 40] [--warmup-s 10] [--a k=v,k=v] [--b k=v] [--a-classes PATH] [--b-classes PATH]}:
 * LAYER is one of {@link Conv2dBenchmark}'s layers, PART {@code forward}, {@code backward-data},
 * {@code weight-gradient} or {@code forward-backward} (the three as the
 * benchmark's {@code forwardBackward} runs them). On a device backend the operands stay on
 * the device and each call ends with {@code finish()}, as in the benchmark; on the CPU backend they are host
 * arrays. Both sides first run untimed for {@code --warmup-s} seconds ({@link AbRounds#warmUp}), and the first
 * {@value AbRounds#WARMUP_ROUNDS} rounds are left out too.
 *
 * <p>At the end it prints how far B's output is from A's: a variant that skips work looks fast. One did so
 * by more than its work: with the padding copy skipped, the shifted GEMM read a buffer never written, whose
 * pages all map the kernel's one zero page, and ran 0.62x; the copy itself cost 1.08x when run twice.
 */
public final class ConvPartAb {
    private ConvPartAb() {
    }

    /**
     * What a run times: one kernel of a convolution layer, or the three as {@link Conv2dBenchmark}'s
     * {@code forwardBackward} calls them (on a device backend one {@code finish()} after the two backward
     * kernels, as the benchmark waits since session 29; each part alone ends with one too).
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
     * One side: a backend and its calls of the part. Public, and with only JDK types in its API, so that a copy
     * loaded with another build of the engine ({@link IsolatedClasses}) serves as well as this JVM's.
     */
    public static final class Side implements IntToDoubleFunction, Supplier<float[][]>, AutoCloseable {
        private final Backend backend;
        private final Part part;
        private final ConvCalls calls;

        /** The part of the layer on a backend opened by name ({@link BenchBackends#open}). */
        public Side(String backend, String layer, String part) {
            Conv2dShape s = Conv2dBenchmark.shape(layer);
            this.backend = BenchBackends.open(backend);
            this.part = Part.parse(part);
            this.calls = ConvCalls.of(this.backend, s, ConvCalls.operands(s));
        }

        /** Median microseconds of {@code n} runs of the part. */
        @Override
        public double applyAsDouble(int n) {
            double[] t = new double[n];
            for (int c = 0; c < n; c++) {
                long t0 = System.nanoTime();
                part.run(calls);
                t[c] = (System.nanoTime() - t0) / 1e3;
            }
            return AbRounds.median(t);
        }

        /** The outputs the part wrote. */
        @Override
        public float[][] get() {
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
    record Options(String layer, Part part, String backend, int rounds, int calls, double warmupSeconds,
                   Map<String, String> a, Map<String, String> b, List<Path> aClasses, List<Path> bClasses) {
        static Options parse(String... args) {
            if (args.length < 2) {
                throw new IllegalArgumentException("usage: ConvPartAb LAYER PART [--backend opencl] [--rounds 10]"
                        + " [--calls 40] [--warmup-s 10] [--a k=v,k=v] [--b k=v,k=v] [--a-classes PATH]"
                        + " [--b-classes PATH]");
            }
            Map<String, String> flags = AbRounds.flags(args, 2, Map.of("--backend", "opencl", "--rounds", "10",
                    "--calls", "40", "--warmup-s", "10", "--a", "-", "--b", "-", "--a-classes", "",
                    "--b-classes", ""));
            Conv2dBenchmark.shape(args[0]);
            List<Path> aClasses = IsolatedClasses.paths(flags.get("--a-classes"));
            List<Path> bClasses = IsolatedClasses.paths(flags.get("--b-classes"));
            if (!flags.get("--backend").equals("cpu") && !(aClasses.isEmpty() && bClasses.isEmpty())) {
                throw new IllegalArgumentException("--a-classes and --b-classes need --backend cpu: JOCL's native "
                        + "library loads in one class loader only");
            }
            return new Options(args[0], Part.parse(args[1]), flags.get("--backend"),
                    AbRounds.count(flags, "--rounds", 1), AbRounds.count(flags, "--calls", 1),
                    AbRounds.seconds(flags, "--warmup-s"), AbRounds.properties(flags.get("--a")),
                    AbRounds.properties(flags.get("--b")), aClasses, bClasses);
        }
    }

    /** Runs the A/B, printing each round and the summary to {@code out}; returns the summary. */
    private static IsolatedClasses.Side side(Options o, List<Path> classes, Map<String, String> properties) {
        return IsolatedClasses.build(Side.class, classes, properties, o.backend(), o.layer(), o.part().toString());
    }

    static AbRounds.Summary run(Options o, PrintStream out) throws Exception {
        try (IsolatedClasses.Side a = side(o, o.aClasses(), o.a());
             IsolatedClasses.Side b = side(o, o.bClasses(), o.b())) {
            out.printf(Locale.ROOT, "%s %s on %s, medians of %d calls per side and round after %.1f s of warm-up"
                    + "%nA: %s%s%nB: %s%s%n", o.layer(), o.part(), o.backend(), o.calls(), o.warmupSeconds(),
                    o.aClasses().isEmpty() ? "" : o.aClasses() + " ", o.a(),
                    o.bClasses().isEmpty() ? "" : o.bClasses() + " ", o.b());
            return AbRounds.compare(a, b, o.calls(), o.warmupSeconds(), o.rounds(), "us", "the output", out);
        }
    }

    /** Prints a bad argument's reason and exits with 2. */
    public static void main(String[] args) throws Exception {
        run(AbRounds.parseOrExit(Options::parse, args), System.out);
    }
}
