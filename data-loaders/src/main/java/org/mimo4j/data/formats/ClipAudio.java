package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import org.mimo4j.data.features.LogSpectrogram;
import org.mimo4j.data.features.Resampler;
import org.mimo4j.data.features.SpectrogramConfig;
import org.mimo4j.data.features.Window;
import org.mimo4j.data.io.WavReader;

/**
 * The audio recipe of the OGM-GE lineage loaders, made deterministic: read a WAV, mix to mono,
 * resample to {@code rate}, repeat the clip until it covers {@code seconds} and take the centre
 * window of that length, clip to [-1, 1], then {@code log(|STFT| + 1e-7)} with a Hann window and
 * librosa's centred frames (n_fft/2 zeros each side). The result is {@code [nFft/2+1, frames]},
 * e.g. 257 x 188 for CREMA-D (22,050 Hz, 3 s, n_fft 512, hop 353) and 129 x 626 for VGGSound
 * (16 kHz, 5 s, n_fft 256, hop 128). The published code draws a random window; we take the centre
 * so that a seed-free load is reproducible.
 */
record ClipAudio(int rate, double seconds, int nFft, int hop) {

    static ClipAudio cremaD() {
        return new ClipAudio(22050, 3.0, 512, 353);
    }

    static ClipAudio vggSound() {
        return new ClipAudio(16000, 5.0, 256, 128);
    }

    int samples() {
        return (int) Math.round(rate * seconds);
    }

    /** Frequency bins x frames of the output. */
    int[] shape() {
        return new int[] {nFft / 2 + 1, 1 + samples() / hop};
    }

    float[] spectrogram(Path wav) throws IOException {
        var audio = WavReader.read(wav);
        float[] signal = Resampler.resample(audio.mono(), audio.sampleRate(), rate);
        float[] window = window(signal);
        int pad = nFft / 2;
        float[] padded = new float[window.length + 2 * pad];
        System.arraycopy(window, 0, padded, pad, window.length);
        int[] shape = shape();
        var config = new SpectrogramConfig(Window.HANN, nFft, hop, shape[0], shape[1], 1e-7);
        return new LogSpectrogram(config).compute(padded);
    }

    /** The signal tiled to at least the window length, centre-cropped and clipped to [-1, 1]. */
    private float[] window(float[] signal) {
        int n = samples();
        float[] out = new float[n];
        if (signal.length == 0) {
            return out;
        }
        int copies = (n + signal.length - 1) / signal.length;
        int start = (copies * signal.length - n) / 2;
        for (int i = 0; i < n; i++) {
            float v = signal[(start + i) % signal.length];
            out[i] = Math.max(-1f, Math.min(1f, v));
        }
        return out;
    }
}
