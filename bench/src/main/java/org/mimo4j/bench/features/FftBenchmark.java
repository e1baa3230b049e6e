package org.mimo4j.bench.features;

import java.util.concurrent.TimeUnit;
import org.mimo4j.data.features.Fft;
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
 * Question: is our own FFT (radix-2 for powers of two, Bluestein otherwise) fast enough that a
 * dependency (JTransforms) would not pay for itself in the spectrogram pipeline?
 *
 * Baseline: the O(N^2) DFT with precomputed twiddles. Sizes: 256 (the AV-Digits n_fft), 441 (a
 * 20 ms frame at 22,050 Hz, prime factors 3^2 7^2: Bluestein), 512 (CREMA-D's n_fft), 1024.
 * Read together with SpectrogramBenchmark: if one sample's whole pipeline costs many times the
 * FFTs in it, a faster FFT cannot speed up a dataset build noticeably.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FftBenchmark {
    @Param({"256", "441", "512", "1024"})
    int n;

    private Fft fft;
    private double[] re0;
    private double[] im0;
    private double[] re;
    private double[] im;
    private double[] cos;
    private double[] sin;

    @Setup
    public void setup() {
        Rng rng = new Rng(42);
        fft = Fft.of(n);
        re0 = new double[n];
        im0 = new double[n];
        for (int i = 0; i < n; i++) {
            re0[i] = rng.nextGaussian();
            im0[i] = rng.nextGaussian();
        }
        re = new double[n];
        im = new double[n];
        cos = new double[n];
        sin = new double[n];
        for (int k = 0; k < n; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = Math.sin(2 * Math.PI * k / n);
        }
    }

    @Benchmark
    public void planned(Blackhole bh) {
        System.arraycopy(re0, 0, re, 0, n);
        System.arraycopy(im0, 0, im, 0, n);
        fft.forward(re, im);
        bh.consume(re);
        bh.consume(im);
    }

    @Benchmark
    public void naiveDft(Blackhole bh) {
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            int idx = 0;
            for (int t = 0; t < n; t++) {
                sr += re0[t] * cos[idx] + im0[t] * sin[idx];
                si += im0[t] * cos[idx] - re0[t] * sin[idx];
                idx += k;
                if (idx >= n) {
                    idx -= n;
                }
            }
            re[k] = sr;
            im[k] = si;
        }
        bh.consume(re);
        bh.consume(im);
    }
}
