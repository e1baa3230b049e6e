package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.mimo4j.data.features.WhiteNoise;
import org.mimo4j.engine.tensor.Rng;
import org.junit.jupiter.api.Test;

class AudioMixerTest {

    private static float[] tone(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(0.3 * i + 1); // starts non-zero so the offset is visible
        }
        return x;
    }

    @Test
    void clipLandsWholeInsideTheWindowWithTheDrawnGain() {
        float[] clip = tone(300);
        // Fixed gain -6 dB and an SNR so high that the noise is below float resolution.
        float[] out = new AudioMixer(1000, -6, -6, 300, 300).mix(clip, new Rng(5));
        assertEquals(1000, out.length);
        int start = 0;
        while (Math.abs(out[start]) < 1e-6) {
            start++;
        }
        double gain = Math.pow(10, -6 / 20.0);
        for (int i = 0; i < 300; i++) {
            assertEquals(clip[i] * gain, out[start + i], 1e-5, "sample " + i);
        }
        assertTrue(start + 300 <= 1000);
    }

    @Test
    void noiseHasTheDrawnSnrAgainstTheClipPower() {
        float[] clip = tone(4000);
        float[] quiet = new AudioMixer(8000, 0, 0, 300, 300).mix(clip, new Rng(9));
        float[] noisy = new AudioMixer(8000, 0, 0, 5, 5).mix(clip, new Rng(9));
        float[] noise = new float[8000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = noisy[i] - quiet[i];
        }
        double snr = 10 * Math.log10(WhiteNoise.meanPower(clip) / WhiteNoise.meanPower(noise));
        assertEquals(5.0, snr, 0.15);
    }

    @Test
    void longClipIsCutToTheWindowAndSameSeedRepeats() {
        float[] a = new AudioMixer(100, -12, 0, 0, 10).mix(tone(250), new Rng(3));
        assertEquals(100, a.length);
        assertArrayEquals(a, new AudioMixer(100, -12, 0, 0, 10).mix(tone(250), new Rng(3)));
    }
}
