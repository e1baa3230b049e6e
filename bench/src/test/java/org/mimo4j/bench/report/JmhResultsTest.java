package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JmhResultsTest {
    private static final String JSON = """
            [
              {"jmhVersion": "1.37", "benchmark": "org.mimo4j.bench.kernels.SgemmBenchmark.sgemm",
               "mode": "thrpt", "forks": 2, "jdkVersion": "17.0.9", "vmName": "OpenJDK 64-Bit Server VM",
               "params": {"n": "512", "backend": "cpu"},
               "primaryMetric": {"score": 100, "scoreUnit": "ops/s", "rawData": [[100, 200], [50, 400]]}},
              {"benchmark": "org.mimo4j.bench.subroutine.GramBenchmark.gram", "mode": "avgt",
               "params": {"objectives": "4", "d": "1000000", "threads": "2"},
               "primaryMetric": {"score": 1500, "scoreUnit": "us/op", "rawData": [[1500, 2500, 1000]]}}
            ]
            """;

    @Test
    void throughputIsInvertedToMillisecondsPerCall() {
        Timing t = JmhResults.parse(JSON, "jmh.json").timings().get(0);
        assertEquals("sgemm[n=512]", t.workload());
        assertEquals("mimo4j-cpu", t.system());
        // 50, 100, 200, 400 ops/s are 20, 10, 5, 2.5 ms per call.
        assertEquals(7.5, t.medianMs(), 1e-12);
        assertEquals(2.5, t.minMs(), 1e-12);
        assertEquals(20, t.maxMs(), 1e-12);
        assertEquals(4, t.samples());
    }

    @Test
    void averageTimeInMicrosecondsIsScaledToMilliseconds() {
        Timing t = JmhResults.parse(JSON, "jmh.json").timings().get(1);
        assertEquals("gram[d=1000000,objectives=4,threads=2]", t.workload());
        assertEquals(1.5, t.medianMs(), 1e-12);
        assertEquals(1.0, t.minMs(), 1e-12);
    }

    @Test
    void keepsTheJvmFactsJmhRecorded() {
        JmhResults r = JmhResults.parse(JSON, "jmh.json");
        assertEquals("17.0.9", r.jvm().get("jdkVersion"));
        assertEquals("1.37", r.jvm().get("jmhVersion"));
        assertEquals("2", r.jvm().get("forks"));
    }

    @Test
    void unitConversionsCoverEveryJmhTimeUnit() {
        assertEquals(1000, JmhResults.toMillis(1, "s/op", "x"));
        assertEquals(1e-6, JmhResults.toMillis(1, "ns/op", "x"), 1e-18);
        assertEquals(0.5, JmhResults.toMillis(2, "ops/ms", "x"));
        assertEquals(1e-3, JmhResults.toMillis(1, "ops/us", "x"), 1e-15);
    }

    @Test
    void unknownUnitIsAnErrorNamingWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.toMillis(1, "bytes/op", "jmh.json result 3"));
        assertTrue(e.getMessage().contains("jmh.json result 3") && e.getMessage().contains("bytes/op"), e.getMessage());
    }

    @Test
    void missingFieldIsAnErrorNamingFileResultAndField() {
        String broken = "[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {\"scoreUnit\": \"ms/op\"}}]";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.parse(broken, "run/jmh.json"));
        assertTrue(e.getMessage().contains("run/jmh.json result 0") && e.getMessage().contains("rawData"),
                e.getMessage());
    }

    @Test
    void nonArrayIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> JmhResults.parse("{}", "jmh.json"));
        assertEquals(List.of(), JmhResults.parse("[]", "jmh.json").timings());
    }
}
