package org.mimo4j.bench.probe;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's measured physical limits, the context the performance report sets every timing in:
 * float32 FMA peak and memory read bandwidth on 1 and 2 threads, with the method that produced them.
 * {@code java -cp benchmarks.jar org.mimo4j.bench.probe.PhysicalLimits OUT.json [--quick]} measures
 * and writes them.
 *
 * @param lanes        float lanes per vector of the preferred Vector API species
 * @param fmaGflops1   best GFLOP/s of {@link FmaPeakProbe} on one thread
 * @param fmaGflops2   the same on two threads
 * @param readGbs1     best GB/s of {@link MemoryBandwidthProbe} on one thread
 * @param readGbs2     the same on two threads
 * @param bufferMib    size of the array the bandwidth probe reads
 * @param method       how the figures were measured, in words, for the report
 */
public record PhysicalLimits(int lanes, double fmaGflops1, double fmaGflops2, double readGbs1, double readGbs2,
                             int bufferMib, String method) {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Runs both probes; {@code quick} uses short loops and a smaller buffer (figures then only indicative). */
    public static PhysicalLimits measure(boolean quick) {
        int iterations = quick ? 20_000_000 : 200_000_000;
        int repeats = quick ? 3 : 7;
        int mib = quick ? 256 : 1024;
        double fma1 = FmaPeakProbe.measure(1, iterations, repeats);
        double fma2 = FmaPeakProbe.measure(2, iterations, repeats);
        float[] buffer = MemoryBandwidthProbe.buffer(mib, 2);
        double bw1 = MemoryBandwidthProbe.measure(buffer, 1, repeats);
        double bw2 = MemoryBandwidthProbe.measure(buffer, 2, repeats);
        String method = "FMA: " + FmaPeakProbe.lanes() + "-lane FloatVector.fma, 12 independent register chains"
                + " per thread, " + iterations + " rounds, best of " + repeats + " (2 flops per lane per FMA). "
                + "Read bandwidth: vector sum over a " + mib + " MiB float array split across the threads, "
                + "best of " + repeats + " full passes, slowest thread's wall time.";
        return new PhysicalLimits(FmaPeakProbe.lanes(), fma1, fma2, bw1, bw2, mib, method);
    }

    /** As pretty-printed JSON. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** Reads what {@link #main} wrote; fails naming the file when it is missing or not this shape. */
    public static PhysicalLimits read(Path file) throws IOException {
        PhysicalLimits p = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), PhysicalLimits.class);
        if (p == null || p.method() == null) {
            throw new IOException(file + ": not a physical-limits JSON (no 'method' field)");
        }
        return p;
    }

    /** {@code OUT.json [--quick]}: measures and writes the limits, and prints them. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--quick"))) {
            System.err.println("usage: PhysicalLimits OUT.json [--quick]");
            System.exit(2);
        }
        PhysicalLimits p = measure(args.length == 2);
        Files.writeString(Path.of(args[0]), p.toJson(), StandardCharsets.UTF_8);
        System.out.println(p.toJson());
    }
}
