package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerResultsTest {

    @Test
    void readsTimingsAndEnvironment() {
        PeerResults r = PeerResults.parse("""
                {"env": {"torch": "1.13.1", "torch threads": "2"},
                 "results": [{"workload": "sgemm[n=512]", "system": "numpy", "times_ms": [3.0, 1.0, 2.0]}]}
                """, "peers.json");
        Timing t = r.timings().get(0);
        assertEquals("sgemm[n=512]", t.workload());
        assertEquals("numpy", t.system());
        assertEquals(2.0, t.medianMs());
        assertEquals("1.13.1", r.env().get("torch"));
    }

    @Test
    void resultWithoutTimesIsAnErrorNamingFileAndIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerResults.parse(
                "{\"results\": [{\"workload\": \"w\", \"system\": \"torch\"}]}", "out/peers.json"));
        assertTrue(e.getMessage().contains("out/peers.json result 0") && e.getMessage().contains("times_ms"),
                e.getMessage());
    }

    @Test
    void objectWithoutResultsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PeerResults.parse("[]", "peers.json"));
    }
}
