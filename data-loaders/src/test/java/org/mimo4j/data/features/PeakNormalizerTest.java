package org.mimo4j.data.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PeakNormalizerTest {

    @Test
    void scalesTheLargestMagnitudeToTheTarget() {
        float[] y = PeakNormalizer.normalize(new float[] {0.1f, -0.4f, 0.2f}, 0.8);
        assertArrayEquals(new float[] {0.2f, -0.8f, 0.4f}, y, 1e-6f);
    }

    @Test
    void zeroSignalStaysZero() {
        assertArrayEquals(new float[3], PeakNormalizer.normalize(new float[3], 1.0));
    }

    @Test
    void doesNotModifyTheInput() {
        float[] x = {0.5f};
        PeakNormalizer.normalize(x, 1.0);
        assertEquals(0.5f, x[0]);
    }
}
