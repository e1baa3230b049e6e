package org.mimo4j.data.avdigits;

/**
 * Stores log-magnitude spectrograms as unsigned bytes: natural-log values in [{@link #LOW},
 * {@link #HIGH}] map linearly onto 0..255 (about 0.05 per level, far below the noise), values outside
 * are clamped. A quarter of the float size keeps the default cache near 300 MB (306 MB measured).
 */
public final class SpectrogramQuantizer {
    /** Below the quietest noise floor the SNR and gain ranges produce (ln magnitude). */
    public static final float LOW = -7f;
    /** Above the loudest bin a full-scale, peak-normalised clip reaches with the 256-point Hann window. */
    public static final float HIGH = 5f;
    /** Log-magnitude difference between adjacent levels. */
    public static final float STEP = (HIGH - LOW) / 255f;

    private SpectrogramQuantizer() {
    }

    /** The byte level of every value. */
    public static byte[] quantize(float[] logMagnitude) {
        byte[] out = new byte[logMagnitude.length];
        for (int i = 0; i < out.length; i++) {
            float q = (logMagnitude[i] - LOW) / STEP;
            out[i] = (byte) Math.round(Math.max(0f, Math.min(255f, q)));
        }
        return out;
    }

    /** The log magnitude a byte level stands for. */
    public static float dequantize(byte level) {
        return LOW + (level & 0xFF) * STEP;
    }
}
