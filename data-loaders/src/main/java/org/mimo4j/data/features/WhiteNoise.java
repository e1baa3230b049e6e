package org.mimo4j.data.features;

import org.mimo4j.engine.tensor.Rng;

/**
 * Adds white Gaussian noise at a given signal-to-noise ratio: noise variance
 * {@code P_signal / 10^(snr/10)} where {@code P_signal} is the mean power of the whole signal.
 * All randomness comes from the caller's {@link Rng}, so a seed fixes the noise.
 */
public final class WhiteNoise {
    private WhiteNoise() {
    }

    /** A copy of {@code signal} with noise at {@code snrDb} decibels; a silent signal stays silent. */
    public static float[] addAtSnr(float[] signal, double snrDb, Rng rng) {
        if (!Double.isFinite(snrDb)) {
            throw new IllegalArgumentException("SNR must be a finite number of dB, got " + snrDb);
        }
        double power = meanPower(signal);
        float[] out = signal.clone();
        if (power == 0.0) {
            return out;
        }
        double sigma = Math.sqrt(power / Math.pow(10, snrDb / 10));
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
