package org.mimo4j.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.mimo4j.bench.probe.PhysicalLimits;

/**
 * Writes {@code report.md}: the provenance stamp, the machine's measured limits, one table per
 * workload family (median and range per system, then our median over each peer's median from the
 * same run) and the bar charts.
 */
public final class MarkdownReport {
    private final Comparison c;
    private final RunStamp stamp;
    private final PhysicalLimits limits;
    private final String chartProblem;
    private final VcpuPace vcpus;
    private final StringBuilder md = new StringBuilder();

    /** The mark of a ratio whose peer changed pace during the run ({@link PeerDrift#unsteady}). */
    static final String UNSTEADY = "(unsteady)";

    private MarkdownReport(Comparison c, RunStamp stamp, PhysicalLimits limits, String chartProblem,
                           VcpuPace vcpus) {
        this.c = c;
        this.stamp = stamp;
        this.limits = limits;
        this.chartProblem = chartProblem;
        this.vcpus = vcpus;
    }

    /** The report text; {@code limits} may be null when the probe did not run; charts are {@code charts/<family>.png}. */
    public static String render(Comparison c, RunStamp stamp, PhysicalLimits limits) {
        return render(c, stamp, limits, null, null);
    }

    /**
     * As {@link #render(Comparison, RunStamp, PhysicalLimits)}; {@code chartProblem} says why no charts were drawn,
     * or is null; {@code vcpus} is each vCPU's pace, or null when not measured.
     */
    public static String render(Comparison c, RunStamp stamp, PhysicalLimits limits, String chartProblem,
                                VcpuPace vcpus) {
        MarkdownReport r = new MarkdownReport(c, stamp, limits, chartProblem, vcpus);
        r.header();
        r.limits();
        r.vcpus();
        r.summary();
        r.drifts();
        r.tables();
        r.charts();
        return r.md.toString();
    }

    private void header() {
        line("# mimo4j vs PyTorch / NumPy (OpenBLAS): " + stamp.date() + ", commit `" + stamp.commit() + "`");
        line("");
        if (stamp.quick()) {
            line("> **SMOKE RUN (`--quick`): 1 fork, few short iterations, small sizes. NOT CITABLE.** It only shows");
            line("> that the pipeline works end to end; regenerate without `--quick` on a quiet machine for numbers.");
            line("");
        }
        line("| | |");
        line("|---|---|");
        row("machine", stamp.machine().describe());
        stamp.jvm().forEach((k, v) -> row("jvm " + k, v));
        stamp.devices().forEach((k, v) -> row("backend " + k, v));
        stamp.peers().forEach((k, v) -> row("peer " + k, v));
        line("");
        line("Times are milliseconds per call: median over every measured sample, range [fastest, slowest] in");
        line("brackets. A ratio is our median divided by the peer's median from this same run: above 1 means");
        line("mimo4j is slower, below 1 faster.");
        line("");
    }

    private void limits() {
        line("## Physical limits of this machine (measured by `org.mimo4j.bench.probe.PhysicalLimits`)");
        line("");
        if (limits == null) {
            line("Not measured in this run.");
            line("");
            return;
        }
        line("| | 1 thread | 2 threads |");
        line("|---|---|---|");
        line("| float32 FMA peak, GFLOP/s | " + f(limits.fmaGflops1()) + " | " + f(limits.fmaGflops2()) + " |");
        line("| memory read bandwidth, GB/s | " + f(limits.readGbs1()) + " | " + f(limits.readGbs2()) + " |");
        line("");
        line("Method: " + limits.method());
        line("");
    }

    private void vcpus() {
        if (vcpus == null) {
            return;
        }
        line("## Each vCPU's pace, before and after the benchmarks (`org.mimo4j.bench.probe.VcpuProbe`)");
        line("");
        line("One thread pinned to each vCPU (`taskset`), the small CNN's 16 -> 32 weight gradient on the CPU backend,");
        line("median microseconds. On a shared VM one vCPU can run cache-heavy code much slower than another while the");
        line("FMA peak above reads the same on both; where the spread is marked uneven, two-thread timings were paced");
        line("by the slower vCPU.");
        line("");
        vcpus.markdown().forEach(this::line);
        line("");
    }

    /** One row per workload, medians only: the table the README quotes. */
    private void summary() {
        line("## Summary: median ms per call, and our median over the peer's");
        line("");
        List<String> systems = c.systems();
        List<String[]> pairs = c.pairs();
        StringBuilder head = new StringBuilder("| workload |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String s : systems) {
            head.append(' ').append(s).append(" |");
            rule.append("---:|");
        }
        for (String[] p : pairs) {
            head.append(' ').append(p[0]).append(" / ").append(p[1]).append(" |");
            rule.append("---:|");
        }
        line(head.toString());
        line(rule.toString());
        for (String w : c.workloads()) {
            StringBuilder r = new StringBuilder("| ").append(w).append(" |");
            for (String s : systems) {
                r.append(' ').append(c.get(w, s).map(t -> f(t.medianMs())).orElse("-")).append(" |");
            }
            appendRatios(r, w, pairs);
            line(r.toString());
        }
        line("");
    }

    private void appendRatios(StringBuilder r, String w, List<String[]> pairs) {
        for (String[] p : pairs) {
            String mark = c.unsteady(w, p[1]) ? " " + UNSTEADY : "";
            r.append(' ').append(c.ratio(w, p[0], p[1]).map(x -> String.format(Locale.ROOT, "%.2fx", x) + mark)
                    .orElse("-")).append(" |");
        }
    }

    /**
     * The peers' medians before and after our benchmarks of each family, or that they ran once: whether the
     * machine kept its pace while both sides were measured.
     */
    private void drifts() {
        line("## Did the machine keep its pace? The peers before and after our benchmarks");
        line("");
        if (c.drifts().isEmpty()) {
            line("Not measured: the peers ran once, so a change of the machine's pace between our benchmarks and");
            line("theirs would not show. Runs of `bench/run-comparison.sh` since 2026-11-27 bracket each family.");
            line("");
            return;
        }
        line("Each family's peers ran right before and right after our benchmarks of it; their timings above pool");
        line("both runs. A peer median that moved by more than " + PeerDrift.STEADY + "x either way marks that");
        line("workload's ratios with " + UNSTEADY + ": the machine changed pace while it was measured, so do not");
        line("cite them.");
        line("");
        line("| workload | peer | before | after | after / before |");
        line("|---|---|---:|---:|---:|");
        for (PeerDrift d : c.drifts()) {
            line("| " + d.workload() + " | " + d.system() + " | " + f(d.beforeMs()) + " | " + f(d.afterMs()) + " | "
                    + String.format(Locale.ROOT, "%.2fx", d.ratio()) + (d.unsteady() ? " " + UNSTEADY : "") + " |");
        }
        line("");
    }

    /** One table per family, with only the systems and pairs that ran some workload of it. */
    private void tables() {
        for (String family : c.families()) {
            List<String> workloads = c.workloads().stream()
                    .filter(w -> w.startsWith(family + "[") || w.equals(family)).toList();
            List<String> systems = c.systems().stream()
                    .filter(s -> workloads.stream().anyMatch(w -> c.get(w, s).isPresent())).toList();
            List<String[]> pairs = c.pairs().stream()
                    .filter(p -> workloads.stream().anyMatch(w -> c.ratio(w, p[0], p[1]).isPresent())).toList();
            line("## " + family);
            line("");
            StringBuilder head = new StringBuilder("| parameters |");
            StringBuilder rule = new StringBuilder("|---|");
            for (String s : systems) {
                head.append(' ').append(s).append(" |");
                rule.append("---|");
            }
            for (String[] p : pairs) {
                head.append(' ').append(p[0]).append(" / ").append(p[1]).append(" |");
                rule.append("---|");
            }
            head.append(contextHeader(family));
            rule.append(contextHeader(family).isEmpty() ? "" : "---|");
            line(head.toString());
            line(rule.toString());
            for (String w : workloads) {
                line(tableRow(w, systems, pairs, family));
            }
            line("");
        }
    }

    private String tableRow(String w, List<String> systems, List<String[]> pairs, String family) {
        StringBuilder r = new StringBuilder("| ").append(w.equals(family) ? "-" : w.substring(family.length() + 1,
                w.length() - 1)).append(" |");
        for (String s : systems) {
            Optional<Timing> t = c.get(w, s);
            r.append(' ').append(t.map(x -> f(x.medianMs()) + " [" + f(x.minMs()) + ", " + f(x.maxMs()) + "]")
                    .orElse("-")).append(" |");
        }
        appendRatios(r, w, pairs);
        if (!contextHeader(family).isEmpty()) {
            r.append(' ').append(context(w, systems)).append(" |");
        }
        return r.toString();
    }

    private static String contextHeader(String family) {
        if (Roofline.isSgemm(family)) {
            return " GFLOP/s (% of 2-thread FMA peak) |";
        }
        return family.equals("gram") ? " GB/s read (% of 2-thread bandwidth) |" : "";
    }

    private String context(String w, List<String> systems) {
        StringBuilder out = new StringBuilder();
        for (String s : systems) {
            Optional<Timing> t = c.get(w, s);
            if (t.isEmpty()) {
                continue;
            }
            boolean sgemm = Roofline.isSgemm(t.get().family());
            OptionalDouble rate = sgemm ? Roofline.gflops(t.get()) : Roofline.readGbs(t.get());
            double limit = limits == null ? 0 : sgemm ? limits.fmaGflops2() : limits.readGbs2();
            out.append(out.length() == 0 ? "" : "; ").append(s).append(' ').append(f(rate.orElse(0)));
            if (limit > 0) {
                out.append(String.format(Locale.ROOT, " (%.0f%%)", 100 * rate.orElse(0) / limit));
            }
        }
        return out.toString();
    }

    private void charts() {
        line("## Charts");
        line("");
        if (chartProblem != null) {
            line("Not drawn where this report was written (" + chartProblem + "); render the run again with");
            line("`java -cp benchmarks.jar org.mimo4j.bench.report.ReportMain DIR` on a machine with fonts.");
            return;
        }
        for (String family : c.families()) {
            line("![" + family + "](charts/" + family + ".png)");
            line("");
        }
    }

    private void row(String k, String v) {
        line("| " + k + " | " + v.replace("|", "\\|") + " |");
    }

    private void line(String s) {
        md.append(s).append('\n');
    }

    /** Three significant digits, no exponent for the ranges a benchmark produces. */
    static String f(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
