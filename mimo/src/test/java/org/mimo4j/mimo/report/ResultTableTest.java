package org.mimo4j.mimo.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.mimo4j.mimo.eval.EvalResult;

class ResultTableTest {
    static RunSummary summary(String method, long seed, double fused, double image, double audio) {
        EvalResult r = new EvalResult(100, fused, Map.of("image", image, "audio", audio),
                new java.util.LinkedHashMap<>(Map.of("image", image, "audio", audio)), "audio", Math.min(image, audio),
                new double[] {1.0}, Map.of("image", new double[] {0.5}, "audio", new double[] {0.7}),
                Map.of("image", 0.3, "audio", 0.9), new int[10][10]);
        return new RunSummary(method, seed, "synthetic/tiny", "/tmp/run-" + method + seed, r, fused, 3, 30, 1.5, 1000,
                "completed 3 epochs", Provenance.collect("cpu", "test", seed, 1, "abc"));
    }

    @Test
    void meanAndSampleStandardDeviation() {
        assertArrayEquals(new double[] {2, 1}, ResultTable.meanStd(new double[] {1, 2, 3}), 1e-12);
        assertArrayEquals(new double[] {5, 0}, ResultTable.meanStd(new double[] {5}), 1e-12);
    }

    @Test
    void severalSeedsGiveMeanPlusMinusStdPerMethodInPercent() {
        ResultTable t = new ResultTable(List.of("image", "audio"))
                .add(summary("joint", 1, 0.90, 0.95, 0.40))
                .add(summary("joint", 2, 0.92, 0.95, 0.50))
                .add(summary("mimo", 1, 0.93, 0.94, 0.60));
        assertEquals(List.of("method", "fused", "image", "audio", "worst", "noisy", "s/epoch", "sub µs", "runs"), t.header());
        List<List<String>> rows = t.rows();
        assertEquals(2, rows.size());
        assertEquals(List.of("joint", "91.0 ± 1.4", "95.0 ± 0.0", "45.0 ± 7.1", "45.0 ± 7.1", "60.0 ± 0.0", "1.50 ± 0.00",
                "1.00 ± 0.00", "2"),
                rows.get(0));
        assertEquals("93.0", rows.get(1).get(1));
        assertTrue(t.markdown().startsWith("| method | fused |"), t.markdown());
        assertTrue(t.text().lines().allMatch(l -> l.length() == t.text().lines().findFirst().get().length()),
                "fixed-width columns:\n" + t.text());
    }
}
