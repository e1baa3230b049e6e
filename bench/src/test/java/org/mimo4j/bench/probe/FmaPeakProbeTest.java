package org.mimo4j.bench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FmaPeakProbeTest {

    @Test
    void countsTwoFlopsPerLanePerChainPerRound() {
        assertEquals(2.0 * 12 * FmaPeakProbe.lanes() * 1000, FmaPeakProbe.flops(1000));
    }

    @Test
    void kernelComputesTheChainsItClaims() {
        // Each chain c starts at seed + c and does x <- x * a + b with a = 1.0000001, b = -1e-7 per round.
        int rounds = 50;
        double expected = 0;
        for (int c = 0; c < 12; c++) {
            double x = 0.5 + c;
            for (int i = 0; i < rounds; i++) {
                x = Math.fma((float) x, 1.0000001f, -1e-7f);
            }
            expected += x;
        }
        expected *= FmaPeakProbe.lanes();
        assertEquals(expected, FmaPeakProbe.kernel(rounds, 0.5f), 1e-3 * expected);
        assertNotEquals(FmaPeakProbe.kernel(rounds, 0.5f), FmaPeakProbe.kernel(rounds, 1.5f));
    }

    @Test
    void measuredPeakIsAPositiveFiniteRate() {
        double gflops = FmaPeakProbe.measure(1, 200_000, 2);
        assertTrue(gflops > 0 && Double.isFinite(gflops), "GFLOP/s " + gflops);
    }
}
