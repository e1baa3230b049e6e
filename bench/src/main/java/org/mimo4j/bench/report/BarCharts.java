package org.mimo4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * One PNG bar chart per workload family: the parameter combinations along x, one bar per system,
 * median milliseconds per call on a logarithmic y axis (sizes in one family differ by orders of
 * magnitude). A system that did not run a combination leaves a gap rather than a zero bar.
 */
public final class BarCharts {
    private BarCharts() {
    }

    /** Writes {@code <family>.png} into {@code dir} for every family; returns the files in family order. */
    public static List<Path> write(Comparison c, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (String family : c.families()) {
            Path file = dir.resolve(family + ".png");
            BitmapEncoder.saveBitmap(chart(c, family), file.toString(), BitmapEncoder.BitmapFormat.PNG);
            files.add(file);
        }
        return files;
    }

    static CategoryChart chart(Comparison c, String family) {
        List<String> workloads = c.workloads().stream().filter(w -> family(w).equals(family)).toList();
        List<String> labels = workloads.stream().map(BarCharts::label).toList();
        CategoryChart chart = new CategoryChartBuilder().width(900).height(480)
                .title(family + ": median ms per call (lower is better)").xAxisTitle("parameters")
                .yAxisTitle("ms (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLabelRotation(20);
        double smallest = Double.MAX_VALUE;
        for (String system : c.systems()) {
            List<Double> y = new ArrayList<>();
            boolean any = false;
            for (String w : workloads) {
                Optional<Timing> t = c.get(w, system);
                y.add(t.map(Timing::medianMs).orElse(null));
                any |= t.isPresent();
                smallest = Math.min(smallest, t.map(Timing::medianMs).orElse(smallest));
            }
            if (any) {
                chart.addSeries(system, labels, y);
            }
        }
        // Bars grow from the axis minimum; XChart's default of 0 has no logarithm.
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
        return chart;
    }

    private static String family(String workload) {
        int i = workload.indexOf('[');
        return i < 0 ? workload : workload.substring(0, i);
    }

    private static String label(String workload) {
        int i = workload.indexOf('[');
        return i < 0 ? "-" : workload.substring(i + 1, workload.length() - 1);
    }
}
