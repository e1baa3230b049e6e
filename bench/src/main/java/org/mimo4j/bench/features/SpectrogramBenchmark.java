package org.mimo4j.bench.features;

import java.util.concurrent.TimeUnit;
import org.mimo4j.data.avdigits.AudioMixer;
import org.mimo4j.data.avdigits.SpectrogramQuantizer;
import org.mimo4j.data.features.LogSpectrogram;
import org.mimo4j.data.features.SpectrogramConfig;
import org.mimo4j.engine.tensor.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/*
 * Question: what does one AV-Digits audio sample cost, and how much of it is the FFT?
 *
 * "spectrogram" is the 112 x 112 log STFT of one second at 8 kHz (122 frames of n_fft 256, hop 64);
 * "sample" is the whole per-sample recipe: mix a 0.5 s clip into the window with gain, offset and
 * white noise, then the spectrogram, then u1 quantisation. Compare with FftBenchmark.planned at
 * n = 256 times 122 frames to get the FFT's share. @Param hop varies the frame count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SpectrogramBenchmark {
    @Param({"64", "32"})
    int hop;

    private LogSpectrogram spectrogram;
    private AudioMixer mixer;
    private float[] clip;
    private float[] window;
    private Rng rng;

    @Setup
    public void setup() {
        rng = new Rng(7);
        spectrogram = new LogSpectrogram(new SpectrogramConfig(org.mimo4j.data.features.Window.HANN, 256, hop, 112, 112, 1e-6));
        mixer = new AudioMixer(8000, -12, 0, 0, 10);
        clip = new float[4000];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) (Math.sin(2 * Math.PI * 220 * i / 8000.0) * Math.sin(Math.PI * i / clip.length));
        }
        window = mixer.mix(clip, new Rng(1));
    }

    @Benchmark
    public void spectrogram(Blackhole bh) {
        bh.consume(spectrogram.compute(window));
    }

    @Benchmark
    public void sample(Blackhole bh) {
        bh.consume(SpectrogramQuantizer.quantize(spectrogram.compute(mixer.mix(clip, rng))));
    }
}
