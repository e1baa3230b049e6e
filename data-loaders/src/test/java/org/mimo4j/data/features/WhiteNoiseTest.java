package org.mimo4j.data.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.mimo4j.engine.tensor.Rng;
import org.junit.jupiter.api.Test;

class WhiteNoiseTest {

    @Test
    void measuredSnrMatchesTheRequestedSnr() {
        float[] x = new float[80_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        for (double snr : new double[] {0, 5, 10, 20}) {
            float[] y = WhiteNoise.addAtSnr(x, snr, new Rng(7));
            float[] noise = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                noise[i] = y[i] - x[i];
            }
            double measured = 10 * Math.log10(WhiteNoise.meanPower(x) / WhiteNoise.meanPower(noise));
            assertEquals(snr, measured, 0.1, "SNR in dB");
        }
    }

    @Test
    void sameSeedGivesSameNoise() {
        float[] x = {0.5f, -0.5f, 0.25f, 0.1f};
        assertArrayEquals(WhiteNoise.addAtSnr(x, 3, new Rng(1)), WhiteNoise.addAtSnr(x, 3, new Rng(1)));
    }

    @Test
    void silenceStaysSilent() {
        assertArrayEquals(new float[4], WhiteNoise.addAtSnr(new float[4], 0, new Rng(1)));
    }
}
