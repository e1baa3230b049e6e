package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportMainTest {

    @Test
    void runDirectoryBecomesReportWithChartsAndStamp(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jmh.json"), """
                [{"benchmark": "org.mimo4j.bench.compare.SmallCnnBenchmark.step", "mode": "avgt",
                  "params": {"backend": "cpu"},
                  "primaryMetric": {"scoreUnit": "ms/op", "rawData": [[8.0, 10.0], [9.0, 11.0]]}}]
                """);
        Files.writeString(dir.resolve("peers.json"), """
                {"env": {"torch": "1.13.1"},
                 "results": [{"workload": "small-cnn-step", "system": "torch", "times_ms": [4.0, 5.0, 6.0]}]}
                """);
        Files.writeString(dir.resolve("run.properties"), "commit=feedbeef\ndate=2026-11-26T23:00:00Z\nquick=true\n"
                + "threads=2\njmhOptions=-f 1 -wi 1\n");
        String md = Files.readString(ReportMain.write(dir));
        assertTrue(md.contains("feedbeef") && md.contains("NOT CITABLE"), md);
        assertTrue(md.contains("| jvm JMH options | -f 1 -wi 1 |") && md.contains("| jvm mimo4j threads | 2 |"), md);
        // cpu median 9.5 ms over torch median 5 ms.
        assertTrue(md.contains("| - | 9.50 [8.00, 11.0] | 5.00 [4.00, 6.00] | 1.90x |"), md);
        assertTrue(md.contains("Not measured"), md);
        assertTrue(Files.isRegularFile(dir.resolve("charts/small-cnn-step.png")));
    }

    @Test
    void machineAndDevicesRecordedByTheRunWinOverThisMachines(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jmh.json"), """
                [{"benchmark": "org.mimo4j.bench.compare.SmallCnnBenchmark.step", "mode": "avgt",
                  "params": {"backend": "opencl"},
                  "primaryMetric": {"scoreUnit": "ms/op", "rawData": [[8.0, 10.0]]}}]
                """);
        Files.writeString(dir.resolve("cpuinfo.txt"), "processor\t: 0\nmodel name\t: Test Xeon 9000\n"
                + "processor\t: 1\nmodel name\t: Test Xeon 9000\n");
        Files.writeString(dir.resolve("run.properties"), "commit=abc\ndevice.opencl=Test GPU (Vendor OpenCL 3.0)\n");
        String md = Files.readString(ReportMain.write(dir));
        assertTrue(md.contains("Test Xeon 9000 - 2 logical processors"), md);
        assertTrue(md.contains("| backend opencl | Test GPU (Vendor OpenCL 3.0) |") && !md.contains("backend cpu"), md);
    }

    @Test
    void reportSaysWhyChartsAreMissing() {
        String md = MarkdownReport.render(ComparisonTest.sample(), MarkdownReportTest.stamp(false), null,
                "java.lang.InternalError: no fonts", null);
        assertTrue(md.contains("Not drawn where this report was written (java.lang.InternalError: no fonts)")
                && !md.contains("](charts/"), md);
    }

    @Test
    void missingJmhJsonSaysWhatToRun(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> ReportMain.write(dir));
        assertTrue(e.getMessage().contains("jmh.json") && e.getMessage().contains("run-comparison.sh"), e.getMessage());
    }

    @Test
    void familiesBracketedByTwoPeerRunsPoolThemAndFlagAMove(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jmh-steps.json"), """
                [{"benchmark": "org.mimo4j.bench.compare.SmallCnnBenchmark.step", "mode": "avgt",
                  "params": {"backend": "cpu"},
                  "primaryMetric": {"scoreUnit": "ms/op", "rawData": [[3.0, 3.0]]}}]
                """);
        Files.writeString(dir.resolve("jmh-sgemm.json"), """
                [{"benchmark": "org.mimo4j.bench.kernels.SgemmBenchmark.sgemm", "mode": "avgt",
                  "params": {"backend": "cpu", "n": "512"},
                  "primaryMetric": {"scoreUnit": "ms/op", "rawData": [[1.0]]}}]
                """);
        Files.writeString(dir.resolve("peers-steps-1.json"), """
                {"results": [{"workload": "small-cnn-step", "system": "torch", "times_ms": [3.0, 3.0]}]}
                """);
        Files.writeString(dir.resolve("peers-steps-2.json"), """
                {"results": [{"workload": "small-cnn-step", "system": "torch", "times_ms": [5.0, 5.0]}]}
                """);
        Files.writeString(dir.resolve("peers-sgemm-1.json"), """
                {"results": [{"workload": "sgemm[n=512]", "system": "numpy", "times_ms": [2.0]}]}
                """);
        Files.writeString(dir.resolve("peers-sgemm-2.json"), """
                {"results": [{"workload": "sgemm[n=512]", "system": "numpy", "times_ms": [2.1]}]}
                """);
        String md = Files.readString(ReportMain.write(dir));
        // torch pooled over both runs: median 4 ms; ours 3 ms; the 3 -> 5 ms move marks the ratio.
        assertTrue(md.contains("| small-cnn-step | 3.00 | - | 4.00 | - | 0.75x (unsteady) |"), md);
        assertTrue(md.contains("| small-cnn-step | torch | 3.00 | 5.00 | 1.67x (unsteady) |"), md);
        assertTrue(md.contains("| sgemm[n=512] | numpy | 2.00 | 2.10 | 1.05x |"), md);
        assertTrue(md.contains("| sgemm[n=512] | 1.00 | 2.05 | - | 0.49x | - |"), md); // a steady peer: no mark
    }

    @Test
    void aRunWithOnePeerRunSaysThePaceWasNotChecked(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("jmh.json"), """
                [{"benchmark": "org.mimo4j.bench.compare.SmallCnnBenchmark.step", "mode": "avgt",
                  "params": {"backend": "cpu"},
                  "primaryMetric": {"scoreUnit": "ms/op", "rawData": [[3.0]]}}]
                """);
        Files.writeString(dir.resolve("peers.json"), """
                {"results": [{"workload": "small-cnn-step", "system": "torch", "times_ms": [3.0]}]}
                """);
        String md = Files.readString(ReportMain.write(dir));
        assertTrue(md.contains("Not measured: the peers ran once") && !md.contains("(unsteady)"), md);
    }
}
