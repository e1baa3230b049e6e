package org.mimo4j.bench.subroutine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.mimo.moo.GradientBank;
import org.mimo4j.mimo.moo.Gram;
import org.mimo4j.mimo.moo.GramKernel;
import org.mimo4j.mimo.moo.ParameterGroup;
import org.mimo4j.mimo.moo.Workers;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/*
 * Question: is MGDA's Gram pass a strong baseline, i.e. close to the memory bandwidth? It reads
 * K x d floats once and computes all K(K+1)/2 inner products (tiled Vector API kernel, GramKernel).
 *
 * Read: time per pass, and the "bytesRead" counter as a rate (bytes/s; the report prints GB/s).
 * Target: >= 70 % of the DRAM read bandwidth (about 36 GB/s on 2 threads) for d >= 1e7. For d = 1e6
 * and small K the bank fits in cache and the rate can exceed DRAM bandwidth.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class GramBenchmark {

    @Param({"2", "3", "4", "8"})
    public int objectives;

    @Param({"1000000", "10000000"})
    public int d;

    @Param({"1", "2"})
    public int threads;

    private GradientBank bank;
    private Workers workers;

    /** Bytes of gradients read per pass, reported as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytesRead;

        @Setup(Level.Iteration)
        public void reset() {
            bytesRead = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < objectives; k++) {
            rows.add("g" + k);
        }
        bank = new GradientBank(rows, List.of(ParameterGroup.encoder("enc1.weight", d, 1)));
        Rng rng = new Rng(7);
        for (int k = 0; k < objectives; k++) {
            float[] b = bank.block(k, 0);
            for (int i = 0; i < d; i++) {
                b[i] = rng.nextFloat() - 0.5f;
            }
        }
        workers = new Workers(threads);
    }

    @Benchmark
    public Gram gram(Counters counters) {
        counters.bytesRead += 4L * objectives * d;
        return GramKernel.compute(bank, workers);
    }
}
