package org.mimo4j.data.features;

/**
 * Short-time Fourier transform log-magnitude spectrogram: frames of {@code nFft} samples every
 * {@code hop}, windowed, transformed, {@code log(|X| + floor)} per one-sided bin, then bilinearly
 * resampled to {@code outFreq x outTime}. Output is row-major with frequency rows (row 0 = DC) and
 * time columns, as an image whose height is frequency.
 *
 * <p>Not thread-safe (scratch buffers are reused); create one per thread.
 */
public final class LogSpectrogram {
    private final SpectrogramConfig config;
    private final Fft fft;
    private final double[] window;
    private final double[] re;
    private final double[] im;

    public LogSpectrogram(SpectrogramConfig config) {
        this.config = config;
        this.fft = Fft.of(config.nFft());
        this.window = config.window().coefficients(config.nFft());
        this.re = new double[config.nFft()];
        this.im = new double[config.nFft()];
    }

    public SpectrogramConfig config() {
        return config;
    }

    /**
     * Raw magnitudes {@code |X[frame][bin]|}, frames x bins, before log and resizing. A signal
     * shorter than one frame is zero-padded to one frame.
     */
    public double[][] magnitudes(float[] signal) {
        if (signal.length == 0) {
            throw new IllegalArgumentException("spectrogram of an empty signal");
        }
        int frames = config.frames(signal.length);
        int bins = config.bins();
        double[][] mag = new double[frames][bins];
        for (int f = 0; f < frames; f++) {
            int start = f * config.hop();
            for (int i = 0; i < re.length; i++) {
                int s = start + i;
                re[i] = s < signal.length ? signal[s] * window[i] : 0.0;
                im[i] = 0.0;
            }
            fft.forward(re, im);
            for (int b = 0; b < bins; b++) {
                mag[f][b] = Math.sqrt(re[b] * re[b] + im[b] * im[b]); // hypot is several times slower and overflow cannot happen here
            }
        }
        return mag;
    }

    /** The log-magnitude spectrogram on the configured grid: {@code outFreq * outTime} floats. */
    public float[] compute(float[] signal) {
        double[][] mag = magnitudes(signal);
        int frames = mag.length;
        int bins = config.bins();
        for (double[] frame : mag) {
            for (int b = 0; b < bins; b++) {
                frame[b] = Math.log(frame[b] + config.floor());
            }
        }
        int rows = config.outFreq();
        int cols = config.outTime();
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            double fb = position(r, rows, bins);
            int b0 = (int) fb;
            int b1 = Math.min(b0 + 1, bins - 1);
            double wb = fb - b0;
            for (int c = 0; c < cols; c++) {
                double ft = position(c, cols, frames);
                int t0 = (int) ft;
                int t1 = Math.min(t0 + 1, frames - 1);
                double wt = ft - t0;
                double top = mag[t0][b0] * (1 - wb) + mag[t0][b1] * wb;
                double bottom = mag[t1][b0] * (1 - wb) + mag[t1][b1] * wb;
                out[r * cols + c] = (float) (top * (1 - wt) + bottom * wt);
            }
        }
        return out;
    }

    /** Source coordinate of output cell {@code i} of {@code outSize} spread over {@code inSize} cells, ends aligned. */
    private static double position(int i, int outSize, int inSize) {
        if (outSize == 1 || inSize == 1) {
            return 0.0;
        }
        return (double) i * (inSize - 1) / (outSize - 1);
    }
}
