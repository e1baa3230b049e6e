package org.mimo4j.bench.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mimo4j.bench.kernels.Conv2dBenchmark;

/**
 * One convolution layer on our backend against PyTorch, in alternation ({@link AbRounds}): side A is the peer
 * script serving the same workload ({@code peer_bench.py --serve}), side B this JVM's backend, and each round
 * takes each side's median of {@code calls} calls, the side that goes first alternating. The figure, B/A, is
 * ours over torch's time measured within seconds of each other. The comparison report pairs JMH's forks with
 * the peer's runs before and after each family, minutes apart; on these shared 2-core VMs the pace of both
 * moves by 20-40 % within minutes (the vCPUs' speed differs from hour to hour, see docs/performance.md), which
 * this probe's rounds follow.
 *
 * <p>{@code java -cp benchmarks.jar org.mimo4j.bench.probe.PeerAb LAYER PART [--backend opencl] [--rounds 10]
 * [--calls 40] [--warmup-s 10] [--python /usr/bin/python3] [--peer bench/peers/peer_bench.py]}: LAYER one of
 * {@link Conv2dBenchmark}'s layers, PART {@code forward} or {@code forward-backward} (the peer's
 * {@code conv2d-fwd} and {@code conv2d-fwdbwd} workloads). Each side pauses {@value #PAUSE_MS} ms before its
 * round, so neither runs while the other's threads still spin (OpenMP's wait before they sleep).
 */
public final class PeerAb {
    /** Milliseconds each side waits before its round. */
    static final int PAUSE_MS = 20;

    private PeerAb() {
    }

    /**
     * The peer process: started with the workload's key, ready once it has warmed up; each {@link #median} asks
     * for n calls and reads back their median in microseconds.
     */
    static final class Peer implements AutoCloseable {
        private final Process process;
        private final BufferedReader in;
        private final PrintWriter out;

        /** Starts {@code command} and waits for its "ready" line (its stderr goes to ours). */
        Peer(List<String> command) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().remove("LD_PRELOAD"); // the JVM's signal-chaining library is ours, not the peer's
            this.process = pb.start();
            this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.out = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            String ready = in.readLine();
            if (ready == null || !ready.startsWith("ready")) {
                throw failed("a 'ready' line", ready);
            }
        }

        /** The peer's median microseconds over n calls. */
        double median(int n) {
            out.println(n);
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new IllegalStateException("reading from the peer failed: " + e.getMessage(), e);
            }
            try {
                double us = line == null ? Double.NaN : Double.parseDouble(line);
                if (us > 0 && Double.isFinite(us)) {
                    return us;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw failed("a time in microseconds", line);
        }

        private IllegalStateException failed(String expected, String got) {
            String status = "";
            try {
                if (process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                    status = " (it exited with status " + process.exitValue() + ")";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new IllegalStateException("the peer sent " + (got == null ? "nothing" : "'" + got + "'")
                    + " where " + expected + " was expected" + status + "; its messages are above");
        }

        @Override
        public void close() {
            out.close();
            process.destroy();
        }
    }

    /** The run's settings: what the command line says. */
    record Options(String layer, ConvPartAb.Part part, String backend, int rounds, int calls, double warmupSeconds,
                   String python, String peer) {
        static Options parse(String... args) {
            if (args.length < 2) {
                throw new IllegalArgumentException("usage: PeerAb LAYER forward|forward-backward [--backend opencl]"
                        + " [--rounds 10] [--calls 40] [--warmup-s 10] [--python /usr/bin/python3]"
                        + " [--peer bench/peers/peer_bench.py]");
            }
            Map<String, String> flags = AbRounds.flags(args, 2, Map.of("--backend", "opencl", "--rounds", "10",
                    "--calls", "40", "--warmup-s", "10", "--python", "/usr/bin/python3",
                    "--peer", "bench/peers/peer_bench.py"));
            Conv2dBenchmark.shape(args[0]);
            ConvPartAb.Part part = ConvPartAb.Part.parse(args[1]);
            if (part != ConvPartAb.Part.FORWARD && part != ConvPartAb.Part.FORWARD_BACKWARD) {
                throw new IllegalArgumentException("the peer serves forward and forward-backward, not " + part);
            }
            return new Options(args[0], part, flags.get("--backend"), AbRounds.count(flags, "--rounds", 1),
                    AbRounds.count(flags, "--calls", 1), AbRounds.seconds(flags, "--warmup-s"), flags.get("--python"),
                    flags.get("--peer"));
        }

        /** The peer's workload key, as the comparison report names it. */
        String workload() {
            return (part == ConvPartAb.Part.FORWARD ? "conv2d-fwd" : "conv2d-fwdbwd") + "[layer=" + layer + "]";
        }

        /** The peer's command line. */
        List<String> peerCommand() {
            return new ArrayList<>(List.of(python, peer, "--serve", workload()));
        }
    }

    /** Runs the alternation against the peer {@code peerCommand} starts, printing to {@code out}; returns the summary. */
    static AbRounds.Summary run(Options o, List<String> peerCommand, PrintStream out) throws IOException {
        try (Peer peer = new Peer(peerCommand);
             ConvPartAb.Side ours = new ConvPartAb.Side(o.backend(), o.layer(), o.part().toString())) {
            out.printf(Locale.ROOT, "%s %s, medians of %d calls per side and round after %.1f s of warm-up%n"
                    + "A: the peer (%s)%nB: ours on %s%n", o.layer(), o.part(), o.calls(), o.warmupSeconds(),
                    String.join(" ", peerCommand), o.backend());
            AbRounds.warmUp(o.warmupSeconds(), () -> peer.median(o.calls()), () -> ours.applyAsDouble(o.calls()));
            return AbRounds.alternate(o.rounds(), () -> paused(() -> peer.median(o.calls())),
                    () -> paused(() -> ours.applyAsDouble(o.calls())), "us", out);
        }
    }

    private static double paused(java.util.function.DoubleSupplier side) {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return side.getAsDouble();
    }

    /** Prints a bad argument's reason and exits with 2. */
    public static void main(String[] args) throws IOException {
        Options o = AbRounds.parseOrExit(Options::parse, args);
        run(o, o.peerCommand(), System.out);
    }
}
