package org.mimo4j.kernels;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mimo4j.engine.backend.BackendTuner;

/**
 * What {@code mimo4j tune} prints and does on the OpenCL device: the cached result when there is one
 * (unless forced), else a progress line per candidate, a table of every candidate's median GFLOP/s per
 * size (skipped ones with the reason), the choice, and the cache file it wrote.
 */
final class ClTuneReport {
    private ClTuneReport() {
    }

    /** Runs {@code request} on {@code runtime}'s device; false when no candidate passed or nothing was cached. */
    static boolean run(ClRuntime runtime, BackendTuner.Request request, PrintWriter out, ClTuneCache cache,
                       ClAutotune tuner) {
        out.println("Device: " + runtime.description());
        Optional<ClTuneCache.Entry> cached = request.force() ? Optional.empty() : cache.load(runtime);
        if (cached.isPresent()) {
            ClTuneCache.Entry e = cached.get();
            out.println("Cached autotune result: " + e.gemm() + " (" + ClAutotune.rates(e.sizes(), e.gflops())
                    + "), tuned " + e.tuned());
            out.println("Cache:  " + e.file() + " (--force tunes again)");
            forcedNote(out);
            return true;
        }
        ClAutotune.Plan plan = ClAutotune.Plan.forDevice(runtime).with(request.candidates(), request.sizes());
        out.println("Tuning " + plan.candidates().size() + " GEMM candidates: each checked against the CPU backend,"
                + " then resident SGEMMs at n = " + join(plan.sizes()) + " timed (median of " + plan.reps() + " after "
                + plan.warmups() + " warm-up)");
        out.flush();
        ClAutotune.Result r = tuner.tune(runtime, plan, line -> {
            out.println("  " + line);
            out.flush();
        });
        out.println();
        table(r, out);
        if (r.chosen() == null) {
            out.println("No candidate passed; the OpenCL backend keeps using the tuning table.");
            return false;
        }
        out.println("Chosen: " + r.chosen().gemm() + " (least total time over the sizes)");
        boolean stored = cacheLine(runtime, r, cache, out);
        forcedNote(out);
        return stored;
    }

    private static boolean cacheLine(ClRuntime runtime, ClAutotune.Result r, ClTuneCache cache, PrintWriter out) {
        try {
            Path f = cache.store(runtime, r);
            out.println("Cache:  " + (f == null ? "not written (" + ClProgramBuilder.CACHE_PROPERTY + "=off)" : f));
            return f != null;
        } catch (IOException e) {
            out.println("Cache:  could not be written: " + e.getMessage());
            return false;
        }
    }

    /** One row per candidate: its median GFLOP/s at each size, or why it was skipped. */
    static void table(ClAutotune.Result r, PrintWriter out) {
        int width = Math.max("candidate".length(),
                r.outcomes().stream().mapToInt(o -> o.gemm().length()).max().orElse(0)) + 2;
        StringBuilder head = new StringBuilder(pad("candidate", width));
        for (int n : r.sizes()) {
            head.append(String.format(Locale.ROOT, "%12s", "n=" + n));
        }
        out.println(head.append("   (GFLOP/s, median)"));
        for (ClAutotune.Outcome o : r.outcomes()) {
            StringBuilder row = new StringBuilder(pad(o.gemm(), width));
            if (!o.passed()) {
                row.append("skipped: ").append(o.skipped());
            } else {
                for (double rate : o.gflops(r.sizes())) {
                    row.append(String.format(Locale.ROOT, "%12.1f", rate));
                }
                row.append(o == r.chosen() ? "   <- chosen" : "");
            }
            out.println(row);
        }
    }

    private static void forcedNote(PrintWriter out) {
        String forced = ClTuning.forcedBy();
        if (forced != null) {
            out.println("Note:   " + forced + " is set and overrides the autotune result while it is.");
        }
        if (ClTuningChoice.Mode.fromProperty() == ClTuningChoice.Mode.OFF) {
            out.println("Note:   " + ClTuningChoice.MODE_PROPERTY + "=off, so backends ignore the cached result.");
        }
    }

    private static String join(int[] sizes) {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }

    private static String pad(String s, int width) {
        return String.format(Locale.ROOT, "%-" + width + "s", s);
    }
}
