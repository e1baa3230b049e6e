package org.mimo4j.kernels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The GEMM row a backend on a device uses and where it came from ({@code mimo4j info} shows both).
 * In order, first match wins:
 * <ol>
 *   <li>the forcing properties {@value ClTuning#GEMM_PROPERTY} / {@value ClTuning#TILE_PROPERTY};</li>
 *   <li>unless {@value #MODE_PROPERTY} is {@code off}: the autotune result cached for this device and
 *       this {@code matmul.cl} ({@link ClTuneCache});</li>
 *   <li>when {@value #MODE_PROPERTY} is {@code run}: an autotune run now ({@link ClAutotune}, its
 *       default plan, progress on stderr), whose choice is cached for the next JVM;</li>
 *   <li>the tuning table ({@link ClTuning#forKind}).</li>
 * </ol>
 * {@value #MODE_PROPERTY}: {@code cached} (the default: use a cached result but never tune implicitly,
 * so tests and CI do not pay for a tune; {@code mimo4j tune} makes the result), {@code run} (tune now
 * when nothing is cached) or {@code off} (ignore the cache: property or table only).
 *
 * @param tuning the row
 * @param source where it came from, in words, e.g. "tuning table" or "autotune result in FILE"
 */
public record ClTuningChoice(ClTuning tuning, String source) {
    /** System property: {@code cached} (default), {@code run} or {@code off}; see the class comment. */
    public static final String MODE_PROPERTY = "mimo4j.opencl.autotune";

    /** The values of {@value #MODE_PROPERTY}. */
    public enum Mode {
        CACHED, RUN, OFF;

        /** The mode {@value #MODE_PROPERTY} sets; a value other than cached, run or off is an error. */
        public static Mode fromProperty() {
            String v = System.getProperty(MODE_PROPERTY, "cached").trim().toLowerCase(Locale.ROOT);
            for (Mode m : values()) {
                if (m.name().toLowerCase(Locale.ROOT).equals(v)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(MODE_PROPERTY + " must be cached, run or off, got '" + v + "'");
        }
    }

    /** The row {@link ClBackend#create()} builds with on {@code runtime}; tunes now in mode {@code run}. */
    public static ClTuningChoice choose(ClRuntime runtime) {
        ClTuneCache cache = ClTuneCache.standard();
        Consumer<String> log = line -> System.err.println("mimo4j: " + line);
        return choose(runtime, Mode.fromProperty(), cache,
                rt -> new ClAutotune().tune(rt, ClAutotune.Plan.forDevice(rt), log), log);
    }

    /** The row {@link #choose} would give now, without ever tuning (for {@code mimo4j info}). */
    public static ClTuningChoice current(ClRuntime runtime) {
        return choose(runtime, Mode.fromProperty(), ClTuneCache.standard(), null, line -> { });
    }

    /**
     * The selection itself: {@code tuneNow} runs the autotune in mode {@code run} (null: never tune),
     * {@code log} hears what happens beside the returned choice.
     */
    static ClTuningChoice choose(ClRuntime runtime, Mode mode, ClTuneCache cache,
                                 Function<ClRuntime, ClAutotune.Result> tuneNow, Consumer<String> log) {
        ClRuntime.DeviceKind kind = runtime.kind();
        String forced = ClTuning.forcedBy();
        if (forced != null) {
            return new ClTuningChoice(ClTuning.forDevice(runtime), "forced by " + forced);
        }
        if (mode == Mode.OFF) {
            return new ClTuningChoice(ClTuning.forDevice(runtime), "tuning table (" + MODE_PROPERTY + "=off)");
        }
        Optional<ClTuneCache.Entry> cached = cache.load(runtime);
        if (cached.isPresent()) {
            ClTuneCache.Entry e = cached.get();
            return new ClTuningChoice(ClTuning.withGemm(kind, e.gemm()), "autotune result in " + e.file()
                    + ", tuned " + e.tuned());
        }
        if (mode == Mode.RUN && tuneNow != null) {
            Optional<ClTuningChoice> tuned = tuneNow(runtime, cache, tuneNow, log);
            if (tuned.isPresent()) {
                return tuned.get();
            }
        }
        String why = mode == Mode.RUN ? MODE_PROPERTY + "=run tunes when the first backend starts"
                : "no autotune result cached for this device; `mimo4j tune` makes one";
        return new ClTuningChoice(ClTuning.forDevice(runtime), "tuning table (" + why + ")");
    }

    private static Optional<ClTuningChoice> tuneNow(ClRuntime runtime, ClTuneCache cache,
                                                    Function<ClRuntime, ClAutotune.Result> tuneNow,
                                                    Consumer<String> log) {
        log.accept("tuning the OpenCL GEMM for " + runtime.description() + " (" + MODE_PROPERTY
                + "=run, once per device)");
        ClAutotune.Result r = tuneNow.apply(runtime);
        if (r.chosen() == null) {
            log.accept("no autotune candidate matched the CPU backend; using the tuning table");
            return Optional.empty();
        }
        String where;
        try {
            Path f = cache.store(runtime, r);
            where = f == null ? "not cached (" + ClProgramBuilder.CACHE_PROPERTY + "=off)" : "cached in " + f;
        } catch (IOException e) {
            where = "not cached (" + e.getMessage() + ")";
        }
        log.accept("autotune chose " + r.chosen().gemm() + ", " + where);
        return Optional.of(new ClTuningChoice(ClTuning.withGemm(runtime.kind(), r.chosen().gemm()),
                "autotune run now, " + where));
    }
}
