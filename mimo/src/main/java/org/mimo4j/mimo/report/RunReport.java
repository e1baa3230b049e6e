package org.mimo4j.mimo.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonElement;

import org.mimo4j.mimo.eval.EvalResult;

/**
 * Writes the human-facing part of a run directory: {@code summary.json}, the PNG plots (loss curves,
 * validation accuracy per modality, method weights over time, robustness curves) and a
 * {@code report.md} that shows them beside the result table and the provenance.
 */
public final class RunReport {
    public static final String SUMMARY = "summary.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String REPORT = "report.md";

    private RunReport() {
    }

    /** Writes summary, plots and report.md into {@code dir} (which holds the run's metrics.jsonl). */
    public static void write(Path dir, RunSummary summary) throws IOException {
        Files.writeString(dir.resolve(SUMMARY), Json.PRETTY.toJson(summary), StandardCharsets.UTF_8);
        List<JsonElement> records = Files.exists(dir.resolve(METRICS)) ? MetricsLog.read(dir.resolve(METRICS)) : List.of();
        List<String> plots = new ArrayList<>();
        List<Plots.Series> steps = MetricSeries.extract(records, "step", "step", "losses");
        plot(plots, dir, "loss.png", "Training losses", steps.isEmpty() ? "epoch" : "step", "cross-entropy",
                steps.isEmpty() ? MetricSeries.extract(records, "epoch", "epoch", "trainLoss") : steps, steps.isEmpty());
        plot(plots, dir, "accuracy.png", "Validation accuracy (fused and per-modality heads)", "epoch", "accuracy",
                MetricSeries.extract(records, "epoch", "epoch", "valAccuracy"), true);
        plot(plots, dir, "weights.png", "Method weights per objective", "step", "weight",
                MetricSeries.extract(records, "step", "step", "weights"), false);
        plot(plots, dir, "robustness.png", "Fused accuracy with one modality perturbed", "noise std (x data std)",
                "accuracy", robustness(summary.test()), true);
        Files.writeString(dir.resolve(REPORT), markdown(summary, plots), StandardCharsets.UTF_8);
    }

    /** One series per modality: accuracy at noise 0 (clean) and at each level. */
    static List<Plots.Series> robustness(EvalResult r) {
        List<Plots.Series> series = new ArrayList<>();
        for (Map.Entry<String, double[]> e : r.noisyAccuracy().entrySet()) {
            double[] x = new double[r.noiseLevels().length + 1];
            double[] y = new double[x.length];
            y[0] = r.fusedAccuracy();
            for (int i = 0; i < r.noiseLevels().length; i++) {
                x[i + 1] = r.noiseLevels()[i];
                y[i + 1] = e.getValue()[i];
            }
            series.add(new Plots.Series(e.getKey() + " noisy", x, y));
        }
        return series;
    }

    private static void plot(List<String> written, Path dir, String file, String title, String x, String y,
                             List<Plots.Series> series, boolean markers) {
        if (series.isEmpty()) {
            return;
        }
        Plots.line(dir.resolve(file), title, x, y, series, markers);
        written.add(file);
    }

    private static String markdown(RunSummary s, List<String> plots) {
        EvalResult t = s.test();
        StringBuilder md = new StringBuilder();
        md.append("# mimo4j run: ").append(s.method()).append(" on ").append(s.dataset())
                .append(", seed ").append(s.seed()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Ended: %s after %d epochs (%d steps, %.2f s/epoch, mean subroutine %.0f ns)."
                + " Best validation fused accuracy %.2f%%.%n%n", s.stopReason(), s.epochs(), s.steps(),
                s.secondsPerEpoch(), s.meanSubroutineNanos(), 100 * s.bestValidationAccuracy()));
        md.append("## Test results (").append(t.examples()).append(" examples)\n\n");
        md.append(new ResultTable(List.copyOf(t.probeAccuracy().keySet())).add(s).markdown()).append('\n');
        md.append("Modality columns are linear-probe accuracies on frozen encoder features; ");
        md.append("worst = the lowest of them (").append(t.worstModality()).append("); noisy = mean fused accuracy ");
        md.append("with one modality perturbed.\n\n");
        md.append("| modality | head accuracy | probe accuracy | fused, modality missing |\n| --- | --- | --- | --- |\n");
        for (String m : t.probeAccuracy().keySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f%% | %.2f%% | %.2f%% |%n", m,
                    100 * t.headAccuracy().getOrDefault(m, Double.NaN), 100 * t.probeAccuracy().get(m),
                    100 * t.missingAccuracy().getOrDefault(m, Double.NaN)));
        }
        md.append("\n## Plots\n\n");
        for (String p : plots) {
            md.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        md.append(ProvenanceMarkdown.section(s.provenance()));
        return md.toString();
    }
}
