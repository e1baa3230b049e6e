package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerDriftTest {

    @Test
    void aMoveOfMoreThanFifteenPercentEitherWayIsUnsteady() {
        assertEquals(1.25, new PeerDrift("w", "torch", 4, 5).ratio());
        assertTrue(new PeerDrift("w", "torch", 4, 5).unsteady());
        assertTrue(new PeerDrift("w", "torch", 5, 4).unsteady());
        assertFalse(new PeerDrift("w", "torch", 4, 4.4).unsteady());
        assertFalse(new PeerDrift("w", "torch", 4.4, 4).unsteady());
    }
}
