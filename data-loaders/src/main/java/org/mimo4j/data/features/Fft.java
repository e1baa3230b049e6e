package org.mimo4j.data.features;

/**
 * A complex discrete Fourier transform of one fixed length, planned once and applied many times
 * (the spectrogram runs the same length for every frame).
 *
 * <p>Convention: forward {@code X[k] = sum_n x[n] e^{-2 pi i k n / N}}; inverse uses {@code +i} and
 * divides by {@code N}, so {@code inverse(forward(x)) == x}. Transforms run in place on separate real
 * and imaginary arrays of length {@link #length()}.
 */
public interface Fft {

    /** The plan for length {@code n}: radix-2 when {@code n} is a power of two, else Bluestein. */
    static Fft of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT length must be positive, got " + n);
        }
        return Integer.bitCount(n) == 1 ? new Radix2Fft(n) : new BluesteinFft(n);
    }

    /** The transform length N. */
    int length();

    /** In-place forward transform of {@code re + i im}. */
    void forward(double[] re, double[] im);

    /** In-place inverse transform (scaled by 1/N). */
    void inverse(double[] re, double[] im);

    /** Checks that both arrays have the planned length; a wrong frame size is a caller bug. */
    default void checkLength(double[] re, double[] im) {
        if (re.length != length() || im.length != length()) {
            throw new IllegalArgumentException("FFT of length " + length() + " got arrays of length "
                    + re.length + " (re) and " + im.length + " (im)");
        }
    }
}
