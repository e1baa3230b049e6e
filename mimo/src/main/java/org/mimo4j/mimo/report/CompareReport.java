package org.mimo4j.mimo.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes the report of a comparison across methods and seeds: {@code summary.json} (every run's
 * summary), the mean ± std table, a grouped bar chart (fused, per-modality and worst-modality accuracy
 * per method), the worst-modality vs fused-accuracy scatter (the trade-off the methods make), and a
 * {@code report.md} linking each run's own report.
 */
public final class CompareReport {
    private CompareReport() {
    }

    /** Writes the comparison of {@code runs} into {@code dir}; returns the table for printing. */
    public static ResultTable write(Path dir, List<String> modalities, List<RunSummary> runs) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(RunReport.SUMMARY), Json.PRETTY.toJson(runs), StandardCharsets.UTF_8);
        ResultTable table = new ResultTable(modalities);
        Map<String, List<RunSummary>> byMethod = new LinkedHashMap<>();
        for (RunSummary r : runs) {
            table.add(r);
            byMethod.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
        }
        List<String> categories = new ArrayList<>(List.of("fused"));
        categories.addAll(modalities);
        categories.add("worst");
        Map<String, double[]> bars = new LinkedHashMap<>();
        Map<String, double[]> points = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunSummary>> e : byMethod.entrySet()) {
            List<RunSummary> rs = e.getValue();
            double[] b = new double[categories.size()];
            b[0] = mean(rs, r -> r.test().fusedAccuracy());
            for (int i = 0; i < modalities.size(); i++) {
                String m = modalities.get(i);
                b[i + 1] = mean(rs, r -> r.test().probeAccuracy().getOrDefault(m, Double.NaN));
            }
            b[b.length - 1] = mean(rs, r -> r.test().worstModalityAccuracy());
            bars.put(e.getKey(), b);
            points.put(e.getKey(), new double[] {b[b.length - 1], b[0]});
        }
        Plots.bars(dir.resolve("accuracy-bars.png"), "Test accuracy per method (mean over seeds)", "accuracy",
                categories, bars);
        Plots.scatter(dir.resolve("tradeoff.png"), "Worst-modality vs fused accuracy", "worst-modality accuracy",
                "fused accuracy", points);
        Files.writeString(dir.resolve(RunReport.REPORT), markdown(dir, table, runs), StandardCharsets.UTF_8);
        return table;
    }

    private static double mean(List<RunSummary> rs, ToDoubleFunction<RunSummary> f) {
        return rs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static String markdown(Path dir, ResultTable table, List<RunSummary> runs) {
        StringBuilder md = new StringBuilder("# mimo4j comparison\n\n");
        md.append("Test-split accuracies in %, mean ± sample std over seeds; modality columns are linear-probe ")
                .append("accuracies on frozen encoder features; worst = the lowest of them; noisy = mean fused ")
                .append("accuracy with one modality perturbed by Gaussian noise.\n\n");
        md.append(table.markdown()).append('\n');
        md.append("![accuracy per method](accuracy-bars.png)\n\n![trade-off](tradeoff.png)\n\n## Runs\n\n");
        for (RunSummary r : runs) {
            Path runDir = Path.of(r.runDir());
            String link = dir.toAbsolutePath().relativize(runDir.toAbsolutePath()).resolve(RunReport.REPORT).toString();
            md.append("- ").append(r.method()).append(", seed ").append(r.seed()).append(": [")
                    .append(link).append("](").append(link).append(") (").append(r.stopReason()).append(")\n");
        }
        md.append('\n');
        if (!runs.isEmpty()) {
            md.append(ProvenanceMarkdown.section(runs.get(0).provenance()));
        }
        return md.toString();
    }
}
