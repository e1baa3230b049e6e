package org.mimo4j.mimo.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mimo4j.mimo.eval.EvalResult;

/**
 * The comparison table printed by {@code demo} and {@code compare} and embedded in report.md: one row
 * per method, columns fused accuracy, each modality's probe accuracy, worst-modality accuracy, mean
 * accuracy under noise, seconds per epoch and the method's mean subroutine time per step (the work
 * between "gradients known" and "update written", in microseconds). With several seeds a cell reads
 * {@code mean ± std} (sample standard deviation).
 */
public final class ResultTable {
    private final List<String> modalities;
    private final Map<String, List<RunSummary>> byMethod = new LinkedHashMap<>();

    public ResultTable(List<String> modalities) {
        this.modalities = List.copyOf(modalities);
    }

    /** Adds a run to its method's row (rows keep the order methods first appear in). */
    public ResultTable add(RunSummary s) {
        byMethod.computeIfAbsent(s.method(), k -> new ArrayList<>()).add(s);
        return this;
    }

    /** Column titles. */
    public List<String> header() {
        List<String> h = new ArrayList<>(List.of("method", "fused"));
        h.addAll(modalities);
        h.addAll(List.of("worst", "noisy", "s/epoch", "sub µs", "runs"));
        return h;
    }

    /** Cell text, row by row, in header order. */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<RunSummary>> e : byMethod.entrySet()) {
            List<RunSummary> runs = e.getValue();
            List<String> row = new ArrayList<>(List.of(e.getKey()));
            row.add(cell(column(runs, r -> r.test().fusedAccuracy()), true));
            for (String m : modalities) {
                row.add(cell(column(runs, r -> r.test().probeAccuracy().getOrDefault(m, Double.NaN)), true));
            }
            row.add(cell(column(runs, r -> r.test().worstModalityAccuracy()), true));
            row.add(cell(column(runs, r -> r.test().meanNoisyAccuracy()), true));
            row.add(cell(column(runs, RunSummary::secondsPerEpoch), false));
            row.add(cell(column(runs, r -> r.meanSubroutineNanos() / 1e3), false));
            row.add(Integer.toString(runs.size()));
            rows.add(row);
        }
        return rows;
    }

    /** Fixed-width plain text for the terminal. */
    public String text() {
        List<String> header = header();
        List<List<String>> rows = rows();
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, header, width);
        for (List<String> r : rows) {
            appendLine(sb, r, width);
        }
        return sb.toString();
    }

    /** A GitHub-flavoured markdown table. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header())).append(" |\n|");
        sb.append(" --- |".repeat(header().size())).append('\n');
        for (List<String> r : rows()) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return sb.toString();
    }

    /** Mean and sample standard deviation of {@code values} (std 0 for a single value). */
    public static double[] meanStd(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new double[] {mean, values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0};
    }

    private static double[] column(List<RunSummary> runs, java.util.function.ToDoubleFunction<RunSummary> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    private static String cell(double[] values, boolean percent) {
        double[] ms = meanStd(values);
        double scale = percent ? 100 : 1;
        String fmt = percent ? "%.1f" : "%.2f";
        String mean = String.format(Locale.ROOT, fmt, ms[0] * scale);
        return values.length == 1 ? mean : mean + " ± " + String.format(Locale.ROOT, fmt, ms[1] * scale);
    }

    private static void appendLine(StringBuilder sb, List<String> cells, int[] width) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            sb.append(i == 0 ? String.format("%-" + width[i] + "s", c) : String.format("%" + width[i] + "s", c));
            sb.append(i + 1 < cells.size() ? "  " : "\n");
        }
    }
}
