package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimingTest {

    @Test
    void oddCountTakesTheMiddleSampleAndTheExtremesAsRange() {
        Timing t = Timing.of("sgemm[n=512]", "torch", new double[] {5, 1, 9, 3, 7});
        assertEquals(5, t.medianMs());
        assertEquals(1, t.minMs());
        assertEquals(9, t.maxMs());
        assertEquals(5, t.samples());
    }

    @Test
    void evenCountAveragesTheMiddleTwo() {
        assertEquals(2.5, Timing.of("w", "numpy", new double[] {4, 1, 2, 3}).medianMs());
    }

    @Test
    void familyAndParamsSplitTheKey() {
        Timing t = Timing.of("gram[d=10,objectives=2]", "numpy", new double[] {1});
        assertEquals("gram", t.family());
        assertEquals("d=10,objectives=2", t.params());
        Timing bare = Timing.of("small-cnn-step", "torch", new double[] {1});
        assertEquals("small-cnn-step", bare.family());
        assertEquals("", bare.params());
    }

    @Test
    void noSamplesIsAnErrorNamingWorkloadAndSystem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Timing.of("sgemm[n=512]", "torch", new double[0]));
        assertTrue(e.getMessage().contains("sgemm[n=512]") && e.getMessage().contains("torch"), e.getMessage());
    }

    @Test
    void nonPositiveOrNanSampleIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Timing.of("w", "s", new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> Timing.of("w", "s", new double[] {Double.NaN}));
    }
}
