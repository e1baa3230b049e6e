package org.mimo4j.data.features;

/**
 * Scales a signal so its largest absolute sample equals a target peak, so voices recorded at
 * different levels start equal before the dataset's random gain is applied.
 */
public final class PeakNormalizer {
    private PeakNormalizer() {
    }

    /** A copy of {@code signal} scaled to peak {@code target}; an all-zero signal is returned unchanged. */
    public static float[] normalize(float[] signal, double target) {
        if (!(target > 0)) {
            throw new IllegalArgumentException("target peak must be positive, got " + target);
        }
        double peak = 0.0;
        for (float v : signal) {
            peak = Math.max(peak, Math.abs(v));
        }
        float[] out = signal.clone();
        if (peak == 0.0) {
            return out;
        }
        double scale = target / peak;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] * scale);
        }
        return out;
    }
}
