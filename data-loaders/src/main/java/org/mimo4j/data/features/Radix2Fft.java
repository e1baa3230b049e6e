package org.mimo4j.data.features;

/**
 * Iterative radix-2 decimation-in-time FFT for power-of-two lengths: bit-reversal permutation, then
 * log2(N) butterfly stages with twiddles precomputed once (no trigonometry per call).
 */
public final class Radix2Fft implements Fft {
    private final int n;
    private final int[] bitReversed;
    private final double[] cos;
    private final double[] sin;

    /** Plans a transform of length {@code n}, which must be a power of two. */
    public Radix2Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("radix-2 FFT needs a power-of-two length, got " + n);
        }
        this.n = n;
        this.bitReversed = bitReversal(n);
        this.cos = new double[n / 2];
        this.sin = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            double angle = 2 * Math.PI * k / n;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle);
        }
    }

    private static int[] bitReversal(int n) {
        int bits = Integer.numberOfTrailingZeros(n);
        int[] rev = new int[n];
        for (int i = 0; i < n; i++) {
            rev[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        return rev;
    }

    @Override
    public int length() {
        return n;
    }

    @Override
    public void forward(double[] re, double[] im) {
        checkLength(re, im);
        transform(re, im, -1);
    }

    @Override
    public void inverse(double[] re, double[] im) {
        checkLength(re, im);
        transform(re, im, 1);
        double scale = 1.0 / n;
        for (int i = 0; i < n; i++) {
            re[i] *= scale;
            im[i] *= scale;
        }
    }

    private void transform(double[] re, double[] im, int sign) {
        permute(re, im);
        for (int size = 2; size <= n; size <<= 1) {
            int half = size >> 1;
            int step = n / size;
            for (int start = 0; start < n; start += size) {
                for (int j = 0; j < half; j++) {
                    double wr = cos[j * step];
                    double wi = sign * sin[j * step];
                    int a = start + j;
                    int b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    private void permute(double[] re, double[] im) {
        for (int i = 0; i < n; i++) {
            int j = bitReversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
    }
}
