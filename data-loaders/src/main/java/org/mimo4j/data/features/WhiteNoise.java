package org.mimo4j.data.features;

import org.mimo4j.engine.tensor.Rng;

/**
 * Adds white Gaussian noise at a given signal-to-noise ratio: noise variance
 * {@code P_ref / 10^(snr/10)}, where {@code P_ref} is the mean power of the whole signal or a
 * reference power the caller gives (the speech alone, say).
 * All randomness comes from the caller's {@link Rng}, so a seed fixes the noise.
 */
public final class WhiteNoise {
    private WhiteNoise() {
    }

    /** A copy of {@code signal} with noise at {@code snrDb} decibels; a silent signal stays silent. */
    public static float[] addAtSnr(float[] signal, double snrDb, Rng rng) {
        return addAtSnr(signal, meanPower(signal), snrDb, rng);
    }

    /**
     * A copy of {@code signal} with noise at {@code snrDb} decibels below {@code referencePower}
     * (for example the power of the speech alone when the signal also holds silence).
     */
    public static float[] addAtSnr(float[] signal, double referencePower, double snrDb, Rng rng) {
        if (!Double.isFinite(snrDb)) {
            throw new IllegalArgumentException("SNR must be a finite number of dB, got " + snrDb);
        }
        float[] out = signal.clone();
        if (referencePower == 0.0) {
            return out;
        }
        double sigma = Math.sqrt(referencePower / Math.pow(10, snrDb / 10));
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] + sigma * rng.nextGaussian());
        }
        return out;
    }

    /** Mean of the squared samples. */
    public static double meanPower(float[] signal) {
        double sum = 0.0;
        for (float v : signal) {
            sum += (double) v * v;
        }
        return signal.length == 0 ? 0.0 : sum / signal.length;
    }
}
