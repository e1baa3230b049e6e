package org.mimo4j.data.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static float[] sine(double freq, int rate, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * freq * i / rate);
        }
        return x;
    }

    @Test
    void downsampledSineKeepsItsFrequencyAndAmplitude() {
        float[] y = Resampler.resample(sine(500, 22050, 22050), 22050, 8000);
        assertEquals(8000, y.length);
        float[] expected = sine(500, 8000, 8000);
        // Away from the edges (where the kernel is cut off) the result is the sine at the new rate.
        for (int i = 200; i < 7800; i++) {
            assertEquals(expected[i], y[i], 2e-3, "sample " + i);
        }
    }

    @Test
    void upsampledSineMatchesTheAnalyticSignal() {
        float[] y = Resampler.resample(sine(300, 8000, 4000), 8000, 16000);
        assertEquals(8000, y.length);
        float[] expected = sine(300, 16000, 8000);
        for (int i = 400; i < 7600; i++) {
            assertEquals(expected[i], y[i], 2e-3, "sample " + i);
        }
    }

    @Test
    void toneAboveTheTargetNyquistIsRemovedNotAliased() {
        float[] y = Resampler.resample(sine(6000, 22050, 22050), 22050, 8000);
        double power = WhiteNoise.meanPower(java.util.Arrays.copyOfRange(y, 500, 7500));
        assertTrue(power < 1e-4, "6 kHz must vanish at 8 kHz sampling, residual power " + power);
    }

    @Test
    void sameRateIsACopy() {
        float[] x = {1, 2, 3};
        assertArrayEquals(x, Resampler.resample(x, 8000, 8000));
    }
}
