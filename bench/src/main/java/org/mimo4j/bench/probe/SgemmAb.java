package org.mimo4j.bench.probe;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mimo4j.bench.BenchBackends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;

/**
 * One CPU SGEMM shape timed on two builds of the engine in one JVM ({@link AbRounds}): each side loads
 * {@code CpuBackend} from its own class path (an engine classes folder or jar: the code before and after a
 * change, compiled side by side) in a class loader of its own, so that static finals such as the packing
 * depth may differ, and builds it under its own system properties. Round after round each side's median of
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
    private static final String BACKEND = "org.mimo4j.engine.backend.CpuBackend";

    private SgemmAb() {
    }

    /** One side: a CpuBackend of its own class loader, called by reflection. */
    static final class Side implements AutoCloseable {
        private final URLClassLoader loader;
        private final AutoCloseable backend;
        private final Method sgemm;
        private final Options o;
        private final float[] c;

        Side(List<Path> classes, Map<String, String> properties, Options o) {
            this.o = o;
            this.loader = IsolatedClasses.loader(classes);
            try {
                Class<?> type = loader.loadClass(BACKEND);
                this.sgemm = type.getMethod("sgemm", boolean.class, boolean.class, int.class, int.class, int.class,
                        float.class, float[].class, int.class, int.class, long.class, float[].class, int.class,
                        int.class, long.class, float.class, float[].class, int.class, int.class, long.class, int.class);
                this.backend = AbRounds.under(properties, () -> construct(type, o.threads()));
            } catch (ClassNotFoundException | NoSuchMethodException | RuntimeException e) {
                IsolatedClasses.closeQuietly(loader);
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalArgumentException("no usable " + BACKEND + " on " + classes + ": " + e, e);
            }
            this.c = new float[o.m() * o.n()];
        }

        private static AutoCloseable construct(Class<?> type, int threads) {
            try {
                return (AutoCloseable) type.getConstructor(int.class).newInstance(threads);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("the backend failed to build: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot build " + BACKEND + ": " + e, e);
            }
        }

        /** The side's CpuBackend class: its own, not this probe's. */
        Class<?> backendType() {
            return backend.getClass();
        }

        /** C = op(A) op(B) once. */
        void product(float[] a, float[] b) {
            try {
                sgemm.invoke(backend, o.ta(), o.tb(), o.m(), o.n(), o.k(), 1f, a, 0, o.ta() ? o.m() : o.k(), 0L,
                        b, 0, o.tb() ? o.k() : o.n(), 0L, 0f, c, 0, o.n(), 0L, 1);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("sgemm failed: " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Median milliseconds of {@code calls} products, the sweep before each left out. */
        double medianMillis(float[] a, float[] b, float[] sweep) {
            double[] t = new double[o.calls()];
            for (int i = 0; i < t.length; i++) {
                Sweep.through(sweep);
                long t0 = System.nanoTime();
                product(a, b);
                t[i] = (System.nanoTime() - t0) / 1e6;
            }
            return AbRounds.median(t);
        }

        @Override
        public void close() throws Exception {
            try {
                backend.close();
            } finally {
                loader.close();
            }
        }
    }

    /** Reads a buffer between calls (every 16th float, one per cache line) and keeps the sum alive. */
    static final class Sweep {
        private static volatile float sink;

        private Sweep() {
        }

        static void through(float[] buffer) {
            float sum = 0;
            for (int i = 0; i < buffer.length; i += 16) {
                buffer[i] += 1;
                sum += buffer[i];
            }
            sink = sum;
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

    static Side side(Options o, boolean b) {
        return b ? new Side(o.bClasses(), o.b(), o) : new Side(o.aClasses(), o.a(), o);
    }

    /** Runs the A/B, printing each round and the summary to {@code out}; returns the summary. */
    static AbRounds.Summary run(Options o, PrintStream out) throws Exception {
        Rng rng = new Rng(BenchBackends.SEED);
        float[] a = BenchBackends.random(rng, o.m() * o.k());
        float[] b = BenchBackends.random(rng, o.k() * o.n());
        float[] sweep = new float[o.sweepMib() << 18];
        try (Side sa = side(o, false); Side sb = side(o, true)) {
            out.printf(Locale.ROOT, "sgemm %d x %d x %d%s%s on %d threads, medians of %d calls per side and round"
                            + " after %.1f s of warm-up, %d MiB read between calls%nA: %s %s%nB: %s %s%n", o.m(), o.n(),
                    o.k(), o.ta() ? " (A transposed)" : "", o.tb() ? " (B transposed)" : "", o.threads(), o.calls(),
                    o.warmupSeconds(), o.sweepMib(), o.aClasses(), o.a(), o.bClasses(), o.b());
            AbRounds.warmUp(o.warmupSeconds(), () -> sa.medianMillis(a, b, sweep), () -> sb.medianMillis(a, b, sweep));
            AbRounds.Summary sum = AbRounds.alternate(o.rounds(), () -> sa.medianMillis(a, b, sweep),
                    () -> sb.medianMillis(a, b, sweep), "ms", out);
            out.printf(Locale.ROOT, "max |B - A| / max |A| of C: %.2e%n",
                    AbRounds.distance(new float[][] {sa.c}, new float[][] {sb.c}));
            return sum;
        }
    }

    /** Prints a bad argument's reason and exits with 2. */
    public static void main(String[] args) throws Exception {
        run(AbRounds.parseOrExit(Options::parse, args), System.out);
    }
}
