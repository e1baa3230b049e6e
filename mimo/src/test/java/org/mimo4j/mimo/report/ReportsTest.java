package org.mimo4j.mimo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    @TempDir
    Path tmp;

    private static void assertPng(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', file + " is not a PNG");
    }

    @Test
    void aRunReportHasSummaryPlotsAndMarkdownWithProvenance() throws IOException {
        try (MetricsLog log = new MetricsLog(tmp.resolve(RunReport.METRICS))) {
            for (int s = 1; s <= 3; s++) {
                log.write(Map.of("kind", "step", "step", s, "losses", Map.of("fused", 2.0 / s, "audio", 2.5 / s),
                        "weights", Map.of("fused", 1.0, "audio", 0.5)));
            }
            log.write(Map.of("kind", "epoch", "epoch", 1, "valAccuracy", Map.of("fused", 0.8, "audio", 0.3)));
        }
        RunReport.write(tmp, ResultTableTest.summary("mimo", 1, 0.9, 0.95, 0.5));
        for (String png : new String[] {"loss.png", "accuracy.png", "weights.png", "robustness.png"}) {
            assertPng(tmp.resolve(png));
        }
        String md = Files.readString(tmp.resolve(RunReport.REPORT));
        assertTrue(md.contains("![loss.png](loss.png)") && md.contains("## Provenance") && md.contains("seed: `1`"), md);
        assertTrue(Files.readString(tmp.resolve(RunReport.SUMMARY)).contains("\"fusedAccuracy\": 0.9"));
    }

    @Test
    void metricSeriesFollowRecordsOfOneKind() throws IOException {
        Path f = tmp.resolve("m.jsonl");
        try (MetricsLog log = new MetricsLog(f)) {
            log.write(Map.of("kind", "step", "step", 1, "losses", Map.of("fused", 1.0)));
            log.write(Map.of("kind", "epoch", "epoch", 1, "losses", Map.of("fused", 9.0)));
            log.write(Map.of("kind", "step", "step", 2, "losses", Map.of("fused", 0.5)));
        }
        List<Plots.Series> s = MetricSeries.extract(MetricsLog.read(f), "step", "step", "losses");
        assertEquals(1, s.size());
        assertEquals(List.of(1.0, 2.0), java.util.Arrays.stream(s.get(0).x()).boxed().toList());
        assertEquals(List.of(1.0, 0.5), java.util.Arrays.stream(s.get(0).y()).boxed().toList());
    }

    @Test
    void aBrokenMetricsLineIsNamedWithFileAndLine() throws IOException {
        Path f = Files.writeString(tmp.resolve("bad.jsonl"), "{\"kind\": \"step\"}\n{oops\n");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> MetricsLog.read(f));
        assertTrue(e.getMessage().contains("bad.jsonl:2"), e.getMessage());
    }

    @Test
    void aComparisonReportHasBarsTradeOffScatterAndLinksToEachRun() throws IOException {
        List<RunSummary> runs = List.of(ResultTableTest.summary("joint", 1, 0.9, 0.95, 0.4),
                ResultTableTest.summary("mimo", 1, 0.91, 0.94, 0.6));
        ResultTable t = CompareReport.write(tmp, List.of("image", "audio"), runs);
        assertEquals(2, t.rows().size());
        assertPng(tmp.resolve("accuracy-bars.png"));
        assertPng(tmp.resolve("tradeoff.png"));
        String md = Files.readString(tmp.resolve(RunReport.REPORT));
        assertTrue(md.contains("tradeoff.png") && md.contains("run-mimo1/report.md"), md);
    }
}
