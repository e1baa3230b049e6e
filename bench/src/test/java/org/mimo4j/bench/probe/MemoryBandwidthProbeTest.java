package org.mimo4j.bench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class MemoryBandwidthProbeTest {

    @Test
    void sumMatchesAScalarLoopOnEachSlice() {
        float[] a = MemoryBandwidthProbe.buffer(1, 2);
        int half = a.length / 2;
        for (int[] range : new int[][] {{0, half}, {half, a.length}}) {
            double expected = 0;
            for (int i = range[0]; i < range[1]; i++) {
                expected += a[i];
            }
            assertEquals(expected, MemoryBandwidthProbe.sum(a, range[0], range[1]), 1e-4 * expected);
        }
    }

    @Test
    void bufferSplitsIntoWholeVectorBlocksPerThreadAndIsNotZero() {
        float[] a = MemoryBandwidthProbe.buffer(1, 3);
        int block = 4 * FloatVector.SPECIES_PREFERRED.length() * 3;
        assertEquals(0, a.length % block);
        assertTrue(a.length > 262_144 - block && a.length <= 262_144, "length " + a.length);
        assertTrue(a[1] != 0);
    }

    @Test
    void emptyBufferIsAnErrorNamingSizeAndThreads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryBandwidthProbe.buffer(0, 2));
        assertTrue(e.getMessage().contains("0 MiB") && e.getMessage().contains("2 threads"), e.getMessage());
    }

    @Test
    void measuredBandwidthIsAPositiveFiniteRate() {
        double gbs = MemoryBandwidthProbe.measure(MemoryBandwidthProbe.buffer(4, 2), 2, 2);
        assertTrue(gbs > 0 && Double.isFinite(gbs), "GB/s " + gbs);
    }
}
