package org.mimo4j.data.features;

/**
 * Analysis windows for the STFT. Periodic forms (denominator N, not N-1) because frames overlap and
 * the periodic Hann sums to a constant at hop N/4 and N/2.
 */
public enum Window {
    /** Periodic Hann: {@code 0.5 - 0.5 cos(2 pi n / N)}. */
    HANN,
    /** Periodic Hamming: {@code 0.54 - 0.46 cos(2 pi n / N)}. */
    HAMMING,
    /** All ones (no tapering). */
    RECTANGULAR;

    /** The {@code n} window coefficients. */
    public double[] coefficients(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("window length must be positive, got " + n);
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double c = Math.cos(2 * Math.PI * i / n);
            w[i] = switch (this) {
                case HANN -> 0.5 - 0.5 * c;
                case HAMMING -> 0.54 - 0.46 * c;
                case RECTANGULAR -> 1.0;
            };
        }
        return w;
    }
}
