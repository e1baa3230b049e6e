package org.mimo4j.data.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogSpectrogramTest {

    private static float[] sine(double freq, int rate, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * freq * i / rate);
        }
        return x;
    }

    @Test
    void sineMagnitudePeaksAtItsBinInEveryFrame() {
        // 1000 Hz at 8 kHz with n_fft 256: bin 1000 * 256 / 8000 = 32 exactly.
        var spec = new LogSpectrogram(new SpectrogramConfig(Window.HANN, 256, 64, 129, 10, 1e-6));
        double[][] mag = spec.magnitudes(sine(1000, 8000, 8000));
        assertEquals(122, mag.length, "frames of 8000 samples at n_fft 256, hop 64");
        for (double[] frame : mag) {
            int peak = 0;
            for (int b = 1; b < frame.length; b++) {
                if (frame[b] > frame[peak]) {
                    peak = b;
                }
            }
            assertEquals(32, peak);
            // Hann window sum is N/2, a unit sine puts half of it in its bin: 256/2/2 = 64.
            assertEquals(64.0, frame[peak], 1e-3);
        }
    }

    @Test
    void rectangularWindowFrameSatisfiesParseval() {
        var spec = new LogSpectrogram(new SpectrogramConfig(Window.RECTANGULAR, 128, 128, 65, 1, 1e-6));
        float[] x = new float[128];
        double timeEnergy = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.37 * i * i + 1.3);
            timeEnergy += (double) x[i] * x[i];
        }
        double[] frame = spec.magnitudes(x)[0];
        // One-sided: DC and Nyquist once, the other bins stand for two.
        double spectral = frame[0] * frame[0] + frame[64] * frame[64];
        for (int b = 1; b < 64; b++) {
            spectral += 2 * frame[b] * frame[b];
        }
        assertEquals(timeEnergy, spectral / 128, 1e-6 * timeEnergy);
    }

    @Test
    void outputHasTheConfiguredGridAndLogValuesAtTheSineRow() {
        var cfg = new SpectrogramConfig(Window.HANN, 256, 64, 129, 50, 1e-6);
        float[] out = new LogSpectrogram(cfg).compute(sine(1000, 8000, 8000));
        assertEquals(129 * 50, out.length);
        // With 129 rows over 129 bins the rows are the bins themselves.
        assertEquals(Math.log(64.0 + 1e-6), out[32 * 50 + 7], 1e-4);
        assertTrue(out[100 * 50 + 7] < out[32 * 50 + 7] - 5, "bins far from the tone are far quieter");
    }

    @Test
    void resizesTo112By112() {
        float[] out = new LogSpectrogram(SpectrogramConfig.avMnist()).compute(sine(440, 8000, 8000));
        assertEquals(112 * 112, out.length);
        for (float v : out) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void silenceGivesTheLogOfTheFloor() {
        var cfg = new SpectrogramConfig(Window.HANN, 64, 32, 8, 8, 1e-3);
        for (float v : new LogSpectrogram(cfg).compute(new float[200])) {
            assertEquals(Math.log(1e-3), v, 1e-6);
        }
    }

    @Test
    void rejectsEmptySignalAndBadConfig() {
        var spec = new LogSpectrogram(SpectrogramConfig.avMnist());
        assertThrows(IllegalArgumentException.class, () -> spec.compute(new float[0]));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SpectrogramConfig(Window.HANN, 256, 0, 112, 112, 1e-6));
        assertEquals("spectrogram hop must be positive, got 0", e.getMessage());
    }
}
