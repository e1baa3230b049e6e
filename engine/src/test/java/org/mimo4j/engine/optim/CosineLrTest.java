package org.mimo4j.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CosineLrTest {

    @Test
    void annealsFromBaseToMinWithoutWarmup() {
        CosineLr s = new CosineLr(1.0, 0.1, 100);
        assertEquals(1.0, s.at(0), 1e-12);
        assertEquals(0.55, s.at(50), 1e-12);
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.at(25), 1e-12);
        assertEquals(0.1, s.at(100), 1e-12);
        assertEquals(0.1, s.at(1000), 1e-12);
        for (int t = 1; t <= 100; t++) {
            assertTrue(s.at(t) <= s.at(t - 1), "non-increasing at " + t);
        }
    }

    @Test
    void warmupRisesLinearlyThenAnneals() {
        CosineLr s = new CosineLr(0.4, 0.0, 14, 4);
        assertEquals(0.1, s.at(0), 1e-12);
        assertEquals(0.2, s.at(1), 1e-12);
        assertEquals(0.4, s.at(3), 1e-12);
        assertEquals(0.4, s.at(4), 1e-12);
        assertEquals(0.2, s.at(9), 1e-12);
        assertEquals(0.0, s.at(14), 1e-12);
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CosineLr(0.1, 0.2, 10));
        assertThrows(IllegalArgumentException.class, () -> new CosineLr(0.1, 0, 10, 10));
    }
}
