package org.mimo4j.data.features;

/**
 * Parameters of a log-magnitude spectrogram: analysis window, FFT size, hop, and the output grid
 * (frequency rows x time columns) the raw STFT is resampled onto, so that any clip length maps to a
 * fixed model input such as AV-MNIST's 112 x 112.
 *
 * @param window    analysis window applied to each frame
 * @param nFft      frame length and FFT size (any positive length; powers of two are fastest)
 * @param hop       samples between frame starts
 * @param outFreq   output rows (frequency), interpolated linearly over the nFft/2+1 bins
 * @param outTime   output columns (time), interpolated linearly over the frames
 * @param floor     magnitude added before the logarithm so silence stays finite
 */
public record SpectrogramConfig(Window window, int nFft, int hop, int outFreq, int outTime, double floor) {

    public SpectrogramConfig {
        if (window == null) {
            throw new IllegalArgumentException("spectrogram window must not be null");
        }
        requirePositive("nFft", nFft);
        requirePositive("hop", hop);
        requirePositive("outFreq", outFreq);
        requirePositive("outTime", outTime);
        if (!(floor > 0)) {
            throw new IllegalArgumentException("spectrogram floor must be > 0 so log stays finite, got " + floor);
        }
    }

    /** AV-MNIST-like default: Hann, n_fft 256, hop 64, 112 x 112, floor 1e-6. */
    public static SpectrogramConfig avMnist() {
        return new SpectrogramConfig(Window.HANN, 256, 64, 112, 112, 1e-6);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("spectrogram " + name + " must be positive, got " + value);
        }
    }

    /** Number of frequency bins of one frame's one-sided spectrum. */
    public int bins() {
        return nFft / 2 + 1;
    }

    /** Number of whole frames in a signal of {@code length} samples (at least one: short input is padded). */
    public int frames(int length) {
        return length <= nFft ? 1 : 1 + (length - nFft) / hop;
    }
}
