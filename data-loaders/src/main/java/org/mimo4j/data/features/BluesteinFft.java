package org.mimo4j.data.features;

/**
 * FFT of any length N via Bluestein's chirp-z identity {@code nk = (n^2 + k^2 - (k-n)^2) / 2}: the
 * DFT becomes a convolution with the chirp {@code e^{i pi n^2 / N}}, evaluated by a power-of-two
 * radix-2 FFT of length at least 2N-1. Costs about three FFTs of that length, so O(N log N) for
 * prime N too (a 441-point frame of 22,050 Hz audio, for example).
 */
public final class BluesteinFft implements Fft {
    private final int n;
    private final Radix2Fft inner;
    private final double[] chirpRe;
    private final double[] chirpIm;
    /** FFT of the conjugate chirp, zero-padded and wrapped: the convolution kernel. */
    private final double[] kernelRe;
    private final double[] kernelIm;

    /** Plans a transform of length {@code n} (any positive length). */
    public BluesteinFft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT length must be positive, got " + n);
        }
        this.n = n;
        int m = Integer.highestOneBit(2 * n - 1);
        if (m < 2 * n - 1) {
            m <<= 1;
        }
        this.inner = new Radix2Fft(m);
        this.chirpRe = new double[n];
        this.chirpIm = new double[n];
        for (int k = 0; k < n; k++) {
            // k^2 mod 2N keeps the angle argument small and exact for large k.
            long kk = ((long) k * k) % (2L * n);
            double angle = Math.PI * kk / n;
            chirpRe[k] = Math.cos(angle);
            chirpIm[k] = -Math.sin(angle);
        }
        this.kernelRe = new double[m];
        this.kernelIm = new double[m];
        kernelRe[0] = chirpRe[0];
        kernelIm[0] = -chirpIm[0];
        for (int k = 1; k < n; k++) {
            kernelRe[k] = chirpRe[k];
            kernelIm[k] = -chirpIm[k];
            kernelRe[m - k] = chirpRe[k];
            kernelIm[m - k] = -chirpIm[k];
        }
        inner.forward(kernelRe, kernelIm);
    }

    @Override
    public int length() {
        return n;
    }

    @Override
    public void forward(double[] re, double[] im) {
        checkLength(re, im);
        convolve(re, im);
    }

    @Override
    public void inverse(double[] re, double[] im) {
        checkLength(re, im);
        // inverse(x) = conj(forward(conj(x))) / N
        for (int i = 0; i < n; i++) {
            im[i] = -im[i];
        }
        convolve(re, im);
        double scale = 1.0 / n;
        for (int i = 0; i < n; i++) {
            re[i] *= scale;
            im[i] = -im[i] * scale;
        }
    }

    private void convolve(double[] re, double[] im) {
        int m = inner.length();
        double[] ar = new double[m];
        double[] ai = new double[m];
        for (int k = 0; k < n; k++) {
            ar[k] = re[k] * chirpRe[k] - im[k] * chirpIm[k];
            ai[k] = re[k] * chirpIm[k] + im[k] * chirpRe[k];
        }
        inner.forward(ar, ai);
        for (int k = 0; k < m; k++) {
            double r = ar[k] * kernelRe[k] - ai[k] * kernelIm[k];
            double i = ar[k] * kernelIm[k] + ai[k] * kernelRe[k];
            ar[k] = r;
            ai[k] = i;
        }
        inner.inverse(ar, ai);
        for (int k = 0; k < n; k++) {
            re[k] = ar[k] * chirpRe[k] - ai[k] * chirpIm[k];
            im[k] = ar[k] * chirpIm[k] + ai[k] * chirpRe[k];
        }
    }
}
