package org.mimo4j.bench.probe;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;
import org.mimo4j.bench.BenchBackends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;

/**
 * One CPU SGEMM shape timed on two builds of the engine in one JVM ({@link AbRounds}): each side's {@link Side}
 * is loaded beside its own engine build ({@link IsolatedClasses}: an engine classes folder or jar, the code before
 * and after a change, compiled side by side) in a class loader of its own, so that static finals such as the
 * packing depth may differ, and built under its own system properties. Round after round each side's median of
 * {@code calls} products; then the median of B's time over A's, and how far B's C is from A's.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp benchmarks.jar org.mimo4j.bench.probe.SgemmAb M N K
 * [--ta] [--tb] [--a-classes PATH] [--b-classes PATH] [--a k=v,k=v] [--b k=v] [--threads 2] [--rounds 10]
 * [--calls 20] [--warmup-s 10] [--sweep-mb 0]}: C (M x N) = op(A) op(B), op(A) M x K, transposed where --ta is
 * given (and B where --tb is); PATH is a class path ({@code :}-separated), by default the one this probe's
 * engine came from. {@code --sweep-mb} reads that many MiB between calls, out of the timing, so that each
 * product starts from memory as one inside a training step does.
 *
 * <p>Run an A/A first (both sides on one class path): it shows what the shape's figure can resolve. Square
 * products read 0.96-0.99 here; the AV-Digits weight gradient's shape (12544 x 128 x 64, op(A) transposed),
 * whose operands and C (13 MB in all) stay in cache between calls, read 0.65-0.95 in four runs, B faster in
 * each whichever side was built first, and 0.98 with {@code --sweep-mb 32}: with warm caches where each
 * side's arrays happen to lie can be worth more than a change; sweep for such shapes.
 */
public final class SgemmAb {
    private SgemmAb() {
    }

    /**
     * One side: a CpuBackend and the product's operands (the same seeded values on every side). Public, with only
     * JDK types in its API, so that the copy {@link IsolatedClasses} loads beside another engine build serves too.
     */
    public static final class Side implements IntToDoubleFunction, Supplier<float[][]>, AutoCloseable {
        private final CpuBackend backend;
        /** Keeps the sweep's sum alive. */
        private static volatile float sink;
        private final int m, n, k;
        private final boolean ta, tb;
        private final float[] a, b, c, sweep;

        /** C (m x n) = op(A) op(B) on {@code threads}, {@code sweepMib} MiB read before each timed call. */
        public Side(int m, int n, int k, boolean ta, boolean tb, int threads, int sweepMib) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.ta = ta;
            this.tb = tb;
            Rng rng = new Rng(BenchBackends.SEED);
            this.a = BenchBackends.random(rng, m * k);
            this.b = BenchBackends.random(rng, k * n);
            this.c = new float[m * n];
            this.sweep = new float[sweepMib << 18];
            this.backend = new CpuBackend(threads);
        }

        /** Median milliseconds of {@code calls} products, the sweep before each left out. */
        @Override
        public double applyAsDouble(int calls) {
            double[] t = new double[calls];
            for (int i = 0; i < calls; i++) {
                readThrough(sweep);
                long t0 = System.nanoTime();
                backend.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, 0, b, 0, tb ? k : n, 0, 0f, c, 0, n, 0, 1);
                t[i] = (System.nanoTime() - t0) / 1e6;
            }
            return AbRounds.median(t);
        }

        /** Reads every cache line of {@code buffer} (one float in 16), writing each, out of the timing. */
        private static void readThrough(float[] buffer) {
            float sum = 0;
            for (int i = 0; i < buffer.length; i += 16) {
                buffer[i] += 1;
                sum += buffer[i];
            }
            sink = sum;
        }

        /** C of the last product. */
        @Override
        public float[][] get() {
            return new float[][] {c};
        }

        @Override
        public void close() {
            backend.close();
        }
    }

    /** The run's settings: what the command line says. */
    record Options(int m, int n, int k, boolean ta, boolean tb, List<Path> aClasses, List<Path> bClasses,
                   Map<String, String> a, Map<String, String> b, int threads, int rounds, int calls,
                   double warmupSeconds, int sweepMib) {
        static Options parse(String... args) {
            if (args.length < 3) {
                throw new IllegalArgumentException("usage: SgemmAb M N K [--ta] [--tb] [--a-classes PATH]"
                        + " [--b-classes PATH] [--a k=v,k=v] [--b k=v] [--threads 2] [--rounds 10] [--calls 20]"
                        + " [--warmup-s 10] [--sweep-mb 0]");
            }
            List<String> rest = new ArrayList<>(List.of(args).subList(3, args.length));
            boolean ta = rest.remove("--ta");
            boolean tb = rest.remove("--tb");
            String here = IsolatedClasses.locationOf(CpuBackend.class).toString();
            Map<String, String> f = AbRounds.flags(rest.toArray(new String[0]), 0, Map.of("--a-classes", here,
                    "--b-classes", here, "--a", "-", "--b", "-", "--threads", "2", "--rounds", "10", "--calls", "20",
                    "--warmup-s", "10", "--sweep-mb", "0"));
            Map<String, String> sizes = Map.of("M", args[0], "N", args[1], "K", args[2]);
            return new Options(AbRounds.count(sizes, "M", 1), AbRounds.count(sizes, "N", 1),
                    AbRounds.count(sizes, "K", 1), ta, tb, IsolatedClasses.paths(f.get("--a-classes")),
                    IsolatedClasses.paths(f.get("--b-classes")),
                    AbRounds.properties(f.get("--a")), AbRounds.properties(f.get("--b")),
                    AbRounds.count(f, "--threads", 1), AbRounds.count(f, "--rounds", 1),
                    AbRounds.count(f, "--calls", 1), AbRounds.seconds(f, "--warmup-s"),
                    AbRounds.count(f, "--sweep-mb", 0));
        }
    }

    /** Side A's or, with {@code b}, side B's build. */
    static IsolatedClasses.Side side(Options o, boolean b) {
        return IsolatedClasses.build(Side.class, b ? o.bClasses() : o.aClasses(), b ? o.b() : o.a(), o.m(), o.n(),
                o.k(), o.ta(), o.tb(), o.threads(), o.sweepMib());
    }

    /** Runs the A/B, printing each round and the summary to {@code out}; returns the summary. */
    static AbRounds.Summary run(Options o, PrintStream out) throws Exception {
        try (IsolatedClasses.Side sa = side(o, false); IsolatedClasses.Side sb = side(o, true)) {
            out.printf(Locale.ROOT, "sgemm %d x %d x %d%s%s on %d threads, medians of %d calls per side and round"
                            + " after %.1f s of warm-up, %d MiB read between calls%nA: %s %s%nB: %s %s%n", o.m(), o.n(),
                    o.k(), o.ta() ? " (A transposed)" : "", o.tb() ? " (B transposed)" : "", o.threads(), o.calls(),
                    o.warmupSeconds(), o.sweepMib(), o.aClasses(), o.a(), o.bClasses(), o.b());
            return AbRounds.compare(sa, sb, o.calls(), o.warmupSeconds(), o.rounds(), "ms", "C", out);
        }
    }

    /** Prints a bad argument's reason and exits with 2. */
    public static void main(String[] args) throws Exception {
        run(AbRounds.parseOrExit(Options::parse, args), System.out);
    }
}
