package org.mimo4j.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.mimo4j.engine.backend.BackendUnavailableException;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * The one-time GEMM autotune: measures a short list of {@link ClTuning} rows on the device and picks
 * the fastest, for {@link ClTuneCache} to keep (the tuning table is a guess per device kind; this is a
 * measurement per device). Each candidate, given in {@link ClTuning#spec()}'s form:
 * <ol>
 *   <li>is parsed and validated ({@link ClTuning#withGemm}); an impossible tile is skipped;</li>
 *   <li>gets a backend of its own ({@link ClBackend#create(ClRuntime, ClTuning, String)} on a second
 *       context of the device); a build failure is skipped with its reason;</li>
 *   <li>must match the CPU backend on one random product ({@link ClGemmCheck}); a wrong result is
 *       skipped, so a miscompiled or broken tile is never chosen;</li>
 *   <li>is timed on resident square SGEMMs (A, B, C on the device, {@link DeviceKernels#sgemm} then
 *       {@code finish()} inside the clock, as {@code ResidentSgemmBenchmark} does): per size, warm-ups
 *       (which also upload A and B) then repetitions, of which the median counts.</li>
 * </ol>
 * The choice is the candidate with the least total median time over the sizes. {@link Plan#forKind}
 * keeps it short: 7 candidates at n = 512 and 1024 (5 repetitions) on a CPU device, where most of
 * the time is the first build of each candidate's kernels; 6 at n = 1024 and 2048 (5 repetitions) on
 * a GPU. How a backend finds the result: {@link ClTuningChoice}. Candidates are built without
 * {@value ClBackend#OPTIONS_PROPERTY}'s extra options, and the cached result is not keyed by them.
 */
public final class ClAutotune {
    private static final long SEED = 20261127L;

    /** Builds a candidate's backend; a seam so tests can inject a build that fails or computes wrongly. */
    @FunctionalInterface
    interface Builder {
        ClBackend build(ClRuntime runtime, ClTuning tuning) throws BackendUnavailableException;
    }

    /** What to try: candidate rows ({@link ClTuning#spec()} form), square sizes, warm-ups and repetitions. */
    public record Plan(List<String> candidates, int[] sizes, int warmups, int reps) {
        public Plan {
            if (candidates.isEmpty() || sizes.length == 0 || warmups < 1 || reps < 1
                    || Arrays.stream(sizes).anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("an autotune plan needs candidates, positive sizes, at least one"
                        + " warm-up (it uploads the operands) and one repetition");
            }
            candidates = List.copyOf(candidates);
            sizes = sizes.clone();
        }

        /** The default plan for {@code runtime}'s device. */
        public static Plan forDevice(ClRuntime runtime) {
            return forKind(runtime.kind(), runtime.floatLanes());
        }

        /**
         * The default plan for a device of {@code kind} whose vector registers hold {@code floatLanes}
         * floats: the table's row ({@link ClTuning#forKind}) first, then the other blocks.
         */
        public static Plan forKind(ClRuntime.DeviceKind kind, int floatLanes) {
            if (kind == ClRuntime.DeviceKind.CPU) {
                Set<String> rows = new LinkedHashSet<>();
                rows.add("packed:" + ClTuning.cpuTile(floatLanes));
                rows.addAll(List.of("packed:8x2", "packed:6x1", "packed:4x2", "packed:8x1", "packed:6x2", "packed:4x4",
                        "packed:16x1"));
                return new Plan(List.copyOf(rows), new int[] {512, 1024}, 1, 5);
            }
            return new Plan(List.of("tiled:128x128x16:8x8", "tiled:128x64x16:8x8", "tiled:64x128x16:8x8",
                    "tiled:64x64x16:4x4", "tiled:128x128x8:8x8", "packed:4x1"), new int[] {1024, 2048}, 2, 5);
        }

        /** This plan with other candidates and/or sizes, where the lists are not empty. */
        public Plan with(List<String> otherCandidates, List<Integer> otherSizes) {
            return new Plan(otherCandidates.isEmpty() ? candidates : otherCandidates,
                    otherSizes.isEmpty() ? sizes : otherSizes.stream().mapToInt(Integer::intValue).toArray(),
                    warmups, reps);
        }
    }

    /** One candidate's fate: median seconds per size, or why it was skipped (then {@code seconds} is null). */
    public record Outcome(String gemm, double[] seconds, String skipped) {
        public boolean passed() {
            return skipped == null;
        }

        /** GFLOP/s at each of {@code sizes}: 2 n^3 flops over the median time. */
        public double[] gflops(int[] sizes) {
            double[] rate = new double[sizes.length];
            for (int i = 0; i < rate.length; i++) {
                double n = sizes[i];
                rate[i] = 2 * n * n * n / seconds[i] / 1e9;
            }
            return rate;
        }

        double total() {
            return Arrays.stream(seconds).sum();
        }
    }

    /** Every candidate's outcome, in the plan's order, and the chosen one (null when none passed). */
    public record Result(String device, int[] sizes, List<Outcome> outcomes, Outcome chosen) {
    }

    private final Builder builder;

    /** The autotune with the real backend build. */
    public ClAutotune() {
        this((runtime, tuning) -> ClBackend.create(runtime, tuning, ""));
    }

    ClAutotune(Builder builder) {
        this.builder = builder;
    }

    /** Tries every candidate of {@code plan} on {@code runtime}'s device, reporting each to {@code progress}. */
    public Result tune(ClRuntime runtime, Plan plan, Consumer<String> progress) {
        List<Outcome> outcomes = new ArrayList<>();
        int count = plan.candidates().size();
        for (int i = 0; i < count; i++) {
            String spec = plan.candidates().get(i);
            progress.accept("[" + (i + 1) + "/" + count + "] " + spec + " ...");
            Outcome o = attempt(runtime, spec, plan);
            outcomes.add(o);
            progress.accept("[" + (i + 1) + "/" + count + "] " + o.gemm() + ": " + summary(o, plan.sizes()));
        }
        Outcome chosen = outcomes.stream().filter(Outcome::passed).min(Comparator.comparingDouble(Outcome::total))
                .orElse(null);
        return new Result(runtime.description(), plan.sizes(), List.copyOf(outcomes), chosen);
    }

    /** "n=512 81.2 GFLOP/s, n=1024 90.4 GFLOP/s" or "skipped: why". */
    static String summary(Outcome o, int[] sizes) {
        return o.passed() ? rates(sizes, o.gflops(sizes)) : "skipped: " + o.skipped();
    }

    /** "n=512 81.2 GFLOP/s, n=1024 90.4 GFLOP/s". */
    static String rates(int[] sizes, double[] gflops) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "n=%d %.1f GFLOP/s", sizes[i], gflops[i]));
        }
        return s.toString();
    }

    private Outcome attempt(ClRuntime runtime, String spec, Plan plan) {
        ClTuning tuning;
        try {
            tuning = ClTuning.withGemm(runtime.kind(), spec);
        } catch (IllegalArgumentException e) {
            return new Outcome(spec.trim(), null, "invalid: " + e.getMessage());
        }
        String gemm = tuning.spec();
        ClRuntime own = runtime.reopen();
        ClBackend backend;
        try {
            backend = builder.build(own, tuning);
        } catch (BackendUnavailableException | RuntimeException e) {
            own.close();
            return new Outcome(gemm, null, "build failed: " + firstLine(String.valueOf(e.getMessage())));
        }
        try (backend) {
            String wrong = ClGemmCheck.mismatch(backend.deviceKernels(), SEED);
            if (wrong != null) {
                return new Outcome(gemm, null, "wrong result: " + wrong);
            }
            double[] seconds = new double[plan.sizes().length];
            for (int i = 0; i < seconds.length; i++) {
                seconds[i] = medianSeconds(backend.deviceKernels(), plan.sizes()[i], plan);
            }
            return new Outcome(gemm, seconds, null);
        } catch (RuntimeException e) {
            return new Outcome(gemm, null, "failed: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static double medianSeconds(DeviceKernels device, int n, Plan plan) {
        Rng rng = new Rng(SEED + n);
        Storage a = Storage.wrap(random(rng, n * n)), b = Storage.wrap(random(rng, n * n));
        Storage c = device.allocate(n * n);
        for (int w = 0; w < plan.warmups(); w++) {
            device.sgemm(false, false, n, n, n, 1f, a, 0, n, 0, b, 0, n, 0, 0f, c, 0, n, 0, 1);
            device.finish();
        }
        double[] t = new double[plan.reps()];
        for (int r = 0; r < t.length; r++) {
            long start = System.nanoTime();
            device.sgemm(false, false, n, n, n, 1f, a, 0, n, 0, b, 0, n, 0, 0f, c, 0, n, 0, 1);
            device.finish();
            t[r] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(t);
        return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    }

    /** Uniform values in [-1, 1): operands for the check and the timing. */
    static float[] random(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * rng.nextFloat() - 1;
        }
        return x;
    }

    /** Build logs run to pages; the table keeps their first line (the full text is in the exception). */
    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
