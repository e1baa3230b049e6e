package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mimo4j.bench.probe.PhysicalLimits;

class MarkdownReportTest {
    static final PhysicalLimits LIMITS = new PhysicalLimits(8, 40, 80, 10, 16, 256, "the method");

    static RunStamp stamp(boolean quick) {
        return new RunStamp("abc123", "2026-11-26T23:00:00Z", quick,
                Machine.parse("processor : 0\nmodel name : Test CPU\n", null), Map.of("jdkVersion", "17.0.9"),
                Map.of("torch", "1.13.1"), Map.of("cpu", "CPU, 2 threads"));
    }

    @Test
    void quickRunIsLabelledNotCitable() {
        String md = MarkdownReport.render(ComparisonTest.sample(), stamp(true), LIMITS);
        assertTrue(md.contains("NOT CITABLE"), md);
        assertFalse(MarkdownReport.render(ComparisonTest.sample(), stamp(false), LIMITS).contains("NOT CITABLE"));
    }

    @Test
    void stampsCommitMachineJvmDeviceAndPeers() {
        String md = MarkdownReport.render(ComparisonTest.sample(), stamp(false), LIMITS);
        for (String s : new String[] {"abc123", "Test CPU", "17.0.9", "CPU, 2 threads", "1.13.1", "the method"}) {
            assertTrue(md.contains(s), "report lacks " + s + ":\n" + md);
        }
    }

    @Test
    void tableRowHasMediansRangesAndPairRatios() {
        String md = MarkdownReport.render(ComparisonTest.sample(), stamp(false), LIMITS);
        // sgemm n=512: cpu 6 ms, opencl 12, numpy 3, torch 4 -> cpu/numpy 2.00x, cpu/torch 1.50x.
        assertTrue(md.contains("| n=512 | 6.00 [6.00, 6.00] | 12.0 [12.0, 12.0] | 3.00 [3.00, 3.00] | 4.00 [4.00, 4.00]"
                + " | 2.00x | 1.50x | 4.00x | 3.00x |"), md);
    }

    @Test
    void familyTableLeavesOutSystemsThatDidNotRunIt() {
        String md = MarkdownReport.render(ComparisonTest.sample(), stamp(false), LIMITS);
        String conv = md.substring(md.indexOf("## conv2d-fwd"), md.indexOf("## gram"));
        assertTrue(conv.contains("| parameters | mimo4j-cpu | torch | mimo4j-cpu / torch |"), conv);
        assertTrue(conv.contains("| layer=a | 2.00 [2.00, 2.00] | 8.00 [8.00, 8.00] | 0.25x |"), conv);
    }

    @Test
    void summaryHasOneMedianRowPerWorkload() {
        String md = MarkdownReport.render(ComparisonTest.sample(), stamp(false), LIMITS);
        assertTrue(md.contains("| conv2d-fwd[layer=a] | 2.00 | - | - | 8.00 | - | 0.25x | - | - |"), md);
        assertTrue(md.indexOf("## Summary") < md.indexOf("## sgemm"), md);
    }

    @Test
    void sgemmRowsArePutAgainstTheFmaPeak() {
        String md = MarkdownReport.render(ComparisonTest.sample(), stamp(false), LIMITS);
        // 2 * 512^3 flops in 6 ms = 44.7 GFLOP/s = 56 % of the 80 GFLOP/s peak.
        assertTrue(md.contains("mimo4j-cpu 44.7 (56%)"), md);
    }

    @Test
    void missingLimitsAreSaid() {
        assertTrue(MarkdownReport.render(ComparisonTest.sample(), stamp(false), null).contains("Not measured"));
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertTrue(MarkdownReport.f(1234.4).equals("1234"));
        assertTrue(MarkdownReport.f(12.345).equals("12.3"));
        assertTrue(MarkdownReport.f(0.012345).equals("0.0123"));
    }
}
