package org.mimo4j.data.features;

/**
 * Band-limited sample-rate conversion by windowed-sinc interpolation. When downsampling, the sinc's
 * cutoff drops to the target Nyquist frequency so content above it is filtered out instead of
 * aliasing (22,050 Hz speech to 8,000 Hz keeps 0-4 kHz). The Hann-windowed kernel spans
 * {@link #ZERO_CROSSINGS} zero crossings of the sinc on each side.
 */
public final class Resampler {
    /** Zero crossings each side: trades stop-band attenuation against cost per output sample. */
    public static final int ZERO_CROSSINGS = 16;

    private Resampler() {
    }

    /** {@code signal} sampled at {@code fromRate} Hz, resampled to {@code toRate} Hz; floor(length * to / from) samples. */
    public static float[] resample(float[] signal, int fromRate, int toRate) {
        if (fromRate < 1 || toRate < 1) {
            throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " -> " + toRate);
        }
        if (fromRate == toRate) {
            return signal.clone();
        }
        int outLength = (int) ((long) signal.length * toRate / fromRate);
        double step = (double) fromRate / toRate;
        double cutoff = Math.min(1.0, (double) toRate / fromRate);
        double halfWidth = ZERO_CROSSINGS / cutoff;
        float[] out = new float[outLength];
        for (int i = 0; i < outLength; i++) {
            out[i] = (float) interpolate(signal, i * step, cutoff, halfWidth);
        }
        return out;
    }

    private static double interpolate(float[] x, double center, double cutoff, double halfWidth) {
        int lo = Math.max(0, (int) Math.ceil(center - halfWidth));
        int hi = Math.min(x.length - 1, (int) Math.floor(center + halfWidth));
        double sum = 0.0;
        for (int k = lo; k <= hi; k++) {
            double d = center - k;
            double window = 0.5 + 0.5 * Math.cos(Math.PI * d / halfWidth);
            sum += x[k] * cutoff * sinc(cutoff * d) * window;
        }
        return sum;
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-12) {
            return 1.0;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }
}
