package org.mimo4j.bench.probe;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mimo4j.bench.report.Timing;

/**
 * What the one-JVM A/B probes share ({@link ConvPartAb}, {@link SgemmAb}): two sides timed in turn, round after
 * round, each round's first side alternating, and the median over rounds of B's time over A's. On these shared
 * 2-core machines the pace moves by 20-30 % within minutes, so JMH's forks, each in its own JVM at its own
 * time, cannot resolve a 5-10 % change; two sides measured in the same minutes can. Also the sides' build
 * properties ({@code k=v,k=v}, set only while a side is built), the command-line flags and the distance between
 * the sides' outputs (a variant that skips work looks fast).
 */
final class AbRounds {
    /** Rounds left out of the summary: the first calls build kernels and wait for the JIT. */
    static final int WARMUP_ROUNDS = 2;

    private AbRounds() {
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

    /**
     * Runs both sides in turn, untimed, until {@code seconds} have passed (at least once each): C2 compiles the
     * Vector API kernels only after thousands of calls, and before that they run several times slower. The small
     * CNN's 16 -> 32 forward on the CPU backend took 430 us a call over its first 240 calls and 225-230 after
     * (JMH, after 10 s of warm-up: 240), so two rounds of 40 calls left out were not warm-up enough.
     */
    static void warmUp(double seconds, DoubleSupplier a, DoubleSupplier b) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            a.getAsDouble();
            b.getAsDouble();
        } while (System.nanoTime() < end);
    }

    /**
     * Times {@code rounds} rounds of both sides (each supplier runs its calls and returns their median, in
     * {@code unit}: "us" printed to 0.1, anything else to 0.001), A first in even rounds and B first in odd
     * ones, so that neither side always runs on caches and a core the other just left; prints each round and the
     * summary.
     */
    static Summary alternate(int rounds, DoubleSupplier a, DoubleSupplier b, String unit, PrintStream out) {
        double[] ta = new double[rounds];
        double[] tb = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                ta[r] = a.getAsDouble();
                tb[r] = b.getAsDouble();
            } else {
                tb[r] = b.getAsDouble();
                ta[r] = a.getAsDouble();
            }
            String time = unit.equals("us") ? "%8.1f" : "%8.3f";
            out.printf(Locale.ROOT, "round %2d: A " + time + " %s  B " + time + " %s  B/A %.3f%n", r, ta[r], unit,
                    tb[r], unit, tb[r] / ta[r]);
        }
        Summary sum = Summary.of(ta, tb, Math.min(WARMUP_ROUNDS, rounds - 1));
        out.printf(Locale.ROOT, "B/A median %.3f (B faster in %d of %d rounds after warm-up)%n", sum.medianRatio(),
                sum.bFaster(), sum.rounds());
        return sum;
    }

    /**
     * The body of every probe: warms both built sides up, alternates their rounds of {@code calls} calls and prints
     * how far B's {@code outputs} lie from A's (a variant that skips work looks fast); returns the summary.
     */
    static Summary compare(IsolatedClasses.Side a, IsolatedClasses.Side b, int calls, double warmupSeconds, int rounds,
                           String unit, String outputs, PrintStream out) {
        warmUp(warmupSeconds, () -> a.median(calls), () -> b.median(calls));
        Summary sum = alternate(rounds, () -> a.median(calls), () -> b.median(calls), unit, out);
        out.printf(Locale.ROOT, "max |B - A| / max |A| of %s: %.2e%n", outputs, distance(a.outputs(), b.outputs()));
        return sum;
    }

    /** The options {@code parse} makes of {@code args}; a bad argument prints its reason and exits with 2. */
    static <O> O parseOrExit(Function<String[], O> parse, String[] args) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return null;
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

    /**
     * {@code --flag value} pairs from {@code args[from]} on, over {@code defaults} (which name every flag
     * allowed); an unknown flag or a missing value is an error naming it.
     */
    static Map<String, String> flags(String[] args, int from, Map<String, String> defaults) {
        Map<String, String> flags = new LinkedHashMap<>(defaults);
        for (int i = from; i < args.length; i += 2) {
            if (!flags.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: '" + args[i] + "'");
            }
            flags.put(args[i], args[i + 1]);
        }
        return flags;
    }

    /** The flag's value as an integer of at least {@code least}. */
    static int count(Map<String, String> flags, String flag, int least) {
        String v = flags.get(flag);
        try {
            int n = Integer.parseInt(v);
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be an integer of at least " + least + ", got '" + v + "'");
    }

    /** The flag's value as a number of seconds, 0 or more. */
    static double seconds(Map<String, String> flags, String flag) {
        String v = flags.get(flag);
        try {
            double s = Double.parseDouble(v);
            if (s >= 0 && Double.isFinite(s)) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a number of seconds, 0 or more, got '" + v + "'");
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

    /** The median of {@code values} (not changed). */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return Timing.median(v);
    }
}
