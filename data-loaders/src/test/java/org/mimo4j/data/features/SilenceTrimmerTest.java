package org.mimo4j.data.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SilenceTrimmerTest {

    @Test
    void cutsQuietEndsAndKeepsTheLoudMiddle() {
        float[] x = new float[1000];
        for (int i = 300; i < 700; i++) {
            x[i] = (float) Math.sin(i * 0.3);
        }
        x[10] = 1e-4f; // far below -40 dB of the tone: still silence
        float[] y = new SilenceTrimmer(100, 40).trim(x);
        assertEquals(400, y.length);
        assertEquals(x[300], y[0]);
    }

    @Test
    void allSilentSignalBecomesEmpty() {
        assertEquals(0, new SilenceTrimmer(10, 40).trim(new float[100]).length);
    }

    @Test
    void rejectsNonPositiveThreshold() {
        assertThrows(IllegalArgumentException.class, () -> new SilenceTrimmer(10, 0));
    }
}
