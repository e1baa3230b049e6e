package org.mimo4j.bench.probe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VcpuProbeTest {
    @Test
    void timesTheWeightGradientOnOneThread() {
        double us = VcpuProbe.medianMicros(50, 5);
        // the layer's 57.8 M multiply-add weight gradient cannot take under 10 us or over 10 s on one thread
        assertTrue(us > 10 && us < 1e7, "median us: " + us);
    }
}
