package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VcpuPaceTest {
    @TempDir
    Path dir;

    @Test
    void readsBothFilesAndCallsOutAnUnevenSpread() throws IOException {
        Files.writeString(dir.resolve("vcpus-before.jsonl"),
                "{\"cpu\":\"0\",\"weightGradientUs\":598.0}\n{\"cpu\":\"1\",\"weightGradientUs\":460.0}\n");
        Files.writeString(dir.resolve("vcpus-after.jsonl"),
                "{\"cpu\":\"0\",\"weightGradientUs\":440.0}\n{\"cpu\":\"1\",\"weightGradientUs\":430.0}\n");
        VcpuPace pace = VcpuPace.read(dir);
        assertEquals(598.0, pace.before().get("0"));
        assertEquals(430.0, pace.after().get("1"));
        List<String> md = pace.markdown();
        assertEquals("| 0 | 598 | 440 |", md.get(2));
        assertEquals("| 1 | 460 | 430 |", md.get(3));
        assertEquals("| slowest / fastest | 1.30x (uneven) | 1.02x |", md.get(4));
    }

    @Test
    void aMissingAfterFileLeavesItsColumnEmpty() throws IOException {
        Files.writeString(dir.resolve("vcpus-before.jsonl"), "{\"cpu\":\"0\",\"weightGradientUs\":450.4}\n");
        List<String> md = VcpuPace.read(dir).markdown();
        assertEquals("| 0 | 450 | - |", md.get(2));
        assertEquals("| slowest / fastest | - | - |", md.get(3));
    }

    @Test
    void noFilesMeansNotMeasured() throws IOException {
        assertNull(VcpuPace.read(dir));
    }

    @Test
    void aLineThatIsNotTheProbesFailsNamingFileAndLine() throws IOException {
        Files.writeString(dir.resolve("vcpus-after.jsonl"), "{\"cpu\":\"0\",\"weightGradientUs\":450}\nsegfault\n");
        IOException e = assertThrows(IOException.class, () -> VcpuPace.read(dir));
        assertTrue(e.getMessage().contains("vcpus-after.jsonl line 2"), e.getMessage());
        Files.writeString(dir.resolve("vcpus-after.jsonl"), "{\"cpu\":\"0\",\"weightGradientUs\":-3}\n");
        assertThrows(IOException.class, () -> VcpuPace.read(dir));
    }

    @Test
    void theReportListsThePaceAfterTheLimits() throws IOException {
        Files.writeString(dir.resolve("vcpus-before.jsonl"), "{\"cpu\":\"0\",\"weightGradientUs\":500}\n");
        String md = MarkdownReport.render(ComparisonTest.sample(), MarkdownReportTest.stamp(false),
                MarkdownReportTest.LIMITS, null, VcpuPace.read(dir));
        int limits = md.indexOf("## Physical limits"), pace = md.indexOf("## Each vCPU's pace"),
            summary = md.indexOf("## Summary");
        assertTrue(limits >= 0 && limits < pace && pace < summary, md);
        assertTrue(md.contains("| 0 | 500 | - |"), md);
        assertEquals(-1, MarkdownReport.render(ComparisonTest.sample(), MarkdownReportTest.stamp(false),
                MarkdownReportTest.LIMITS).indexOf("## Each vCPU's pace"));
    }
}
