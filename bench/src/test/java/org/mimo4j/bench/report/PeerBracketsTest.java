package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerBracketsTest {
    static PeerResults run(String results) {
        return PeerResults.parse("{\"results\": [" + results + "]}", "peers.json");
    }

    @Test
    void aWorkloadInBothRunsPoolsItsSamplesAndKeepsTheMove() {
        PeerBrackets b = new PeerBrackets(List.of(
                run("{\"workload\": \"w\", \"system\": \"torch\", \"times_ms\": [4.0, 5.0, 6.0]}"),
                run("{\"workload\": \"w\", \"system\": \"torch\", \"times_ms\": [7.0, 8.0, 9.0]}")));
        Timing t = b.timings().get(0);
        assertEquals(6, t.samples());
        assertEquals(6.5, t.medianMs());
        assertEquals(4.0, t.minMs());
        PeerDrift d = b.drifts().get(0);
        assertEquals(5.0, d.beforeMs());
        assertEquals(8.0, d.afterMs());
        assertTrue(d.unsteady(), "5 -> 8 ms is a 1.6x move");
    }

    @Test
    void aWorkloadInOneRunKeepsItsTimingAndHasNoDrift() {
        PeerBrackets b = new PeerBrackets(List.of(
                run("{\"workload\": \"a\", \"system\": \"numpy\", \"times_ms\": [2.0]}"),
                run("{\"workload\": \"b\", \"system\": \"numpy\", \"times_ms\": [3.0]}")));
        assertEquals(2, b.timings().size());
        assertTrue(b.drifts().isEmpty());
    }

    @Test
    void theSameWorkloadOnTwoPeersIsTwoTimings() {
        PeerBrackets b = new PeerBrackets(List.of(run("{\"workload\": \"s\", \"system\": \"numpy\", \"times_ms\": [2.0]},"
                + "{\"workload\": \"s\", \"system\": \"torch\", \"times_ms\": [3.0]}")));
        assertEquals(2, b.timings().size());
    }

    @Test
    void aWorkloadInThreeRunsIsAnError() {
        PeerResults one = run("{\"workload\": \"w\", \"system\": \"torch\", \"times_ms\": [1.0]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PeerBrackets(List.of(one, one, one)));
        assertTrue(e.getMessage().contains("w on torch") && e.getMessage().contains("3 peer runs"), e.getMessage());
    }
}
