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
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mimo4j.bench.kernels.AttentionBenchmark;
import org.mimo4j.bench.kernels.Conv2dBenchmark;
import org.mimo4j.bench.kernels.ForwardBackwardBenchmark;

/**
 * One workload of the comparison report on our backend against PyTorch, in alternation ({@link AbRounds}): side A
 * is the peer script serving the workload ({@code peer_bench.py --serve}), side B this JVM running the JMH
 * benchmark method the report pairs with it (a convolution layer's or the attention's forward or forward and
 * backward, set up as JMH sets it up), and each round takes each side's median of {@code calls} calls, the side
 * that goes first alternating. The figure, B/A, is ours over torch's time measured within seconds of each other.
 * The report pairs JMH's forks with the peer's runs before and after each family, minutes apart; on these shared
 * 2-core VMs the pace of both moves by 20-40 % within minutes (docs/performance.md), which this probe's rounds
 * follow.
 *
 * <p>{@code java -cp benchmarks.jar org.mimo4j.bench.probe.PeerAb WORKLOAD [--backend opencl] [--rounds 10]
 * [--calls 40] [--warmup-s 10] [--python /usr/bin/python3] [--peer bench/peers/peer_bench.py]}: WORKLOAD is the
 * report's key, {@code conv2d-fwd[layer=L]} or {@code conv2d-fwdbwd[layer=L]} with L one of
 * {@link Conv2dBenchmark}'s layers, or {@code attention-fwd[causal=B]} or {@code attention-fwdbwd[causal=B]}. Each
 * side pauses {@value #PAUSE_MS} ms before its round, so neither runs while the other's threads still spin
 * (OpenMP's wait before they sleep).
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
            // As run-comparison.sh does for its peers: this workplace sets OPENBLAS_CORETYPE=Haswell for every
            // process, which holds OpenBLAS (torch's matrix products, numpy) to its AVX2 kernels on AVX-512
            // machines: the attention's fwd+bwd took 7.3-8.1 ms a call with it, 4.5-5.3 without.
            pb.environment().remove("OPENBLAS_CORETYPE");
            pb.environment().remove("OPENBLAS_L2_SIZE");
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
                if (process.waitFor(2, TimeUnit.SECONDS)) {
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

    /**
     * Our side: the JMH benchmark that the report times under a workload's key, set up as JMH sets it up, and one
     * of its methods ({@code forward} or {@code forwardBackward}) called and timed call by call.
     */
    static final class Ours implements AutoCloseable {
        private final ForwardBackwardBenchmark benchmark;
        private final boolean backward;

        /** The benchmark behind {@code workload} (a report key, see {@link PeerAb}) on {@code backend}. */
        Ours(String workload, String backend) {
            Matcher m = parts(workload);
            this.backward = m.group(2) != null;
            this.benchmark = m.group(1).equals("conv2d") ? conv(m.group(3), m.group(4), backend)
                    : attention(m.group(3), m.group(4), backend);
        }

        private static ForwardBackwardBenchmark conv(String param, String layer, String backend) {
            if (!param.equals("layer")) {
                throw new IllegalArgumentException("a conv2d workload names its layer=, got " + param + "=");
            }
            Conv2dBenchmark.shape(layer);
            Conv2dBenchmark b = new Conv2dBenchmark();
            b.layer = layer;
            b.backend = backend;
            b.setUp();
            return b;
        }

        private static ForwardBackwardBenchmark attention(String param, String causal, String backend) {
            if (!param.equals("causal") || !(causal.equals("true") || causal.equals("false"))) {
                throw new IllegalArgumentException("an attention workload is causal=true or causal=false, got "
                        + param + "=" + causal);
            }
            AttentionBenchmark b = new AttentionBenchmark();
            b.causal = Boolean.parseBoolean(causal);
            b.backend = backend;
            b.setUp();
            return b;
        }

        /** Median microseconds of n calls. */
        double median(int n) {
            double[] t = new double[n];
            for (int c = 0; c < n; c++) {
                long t0 = System.nanoTime();
                if (backward) {
                    benchmark.forwardBackward();
                } else {
                    benchmark.forward();
                }
                t[c] = (System.nanoTime() - t0) / 1e3;
            }
            return AbRounds.median(t);
        }

        @Override
        public void close() {
            benchmark.tearDown();
        }
    }

    /** A report key this probe serves: family, "bwd" if with the backward, the parameter and its value. */
    private static final Pattern KEY = Pattern.compile("(conv2d|attention)-fwd(bwd)?\\[(\\w+)=([\\w-]+)]");

    /** The parts of a workload key ({@link #KEY}'s groups); one this probe does not serve is an error listing those it does. */
    static Matcher parts(String workload) {
        Matcher m = KEY.matcher(workload);
        if (!m.matches()) {
            throw new IllegalArgumentException("workload must be conv2d-fwd[layer=L], conv2d-fwdbwd[layer=L], "
                    + "attention-fwd[causal=B] or attention-fwdbwd[causal=B], got '" + workload + "'");
        }
        return m;
    }

    /** The run's settings: what the command line says. */
    record Options(String workload, String backend, int rounds, int calls, double warmupSeconds, String python,
                   String peer) {
        static Options parse(String... args) {
            if (args.length < 1) {
                throw new IllegalArgumentException("usage: PeerAb WORKLOAD [--backend opencl] [--rounds 10]"
                        + " [--calls 40] [--warmup-s 10] [--python /usr/bin/python3]"
                        + " [--peer bench/peers/peer_bench.py]");
            }
            Map<String, String> flags = AbRounds.flags(args, 1, Map.of("--backend", "opencl", "--rounds", "10",
                    "--calls", "40", "--warmup-s", "10", "--python", "/usr/bin/python3",
                    "--peer", "bench/peers/peer_bench.py"));
            parts(args[0]);
            return new Options(args[0], flags.get("--backend"), AbRounds.count(flags, "--rounds", 1),
                    AbRounds.count(flags, "--calls", 1), AbRounds.seconds(flags, "--warmup-s"), flags.get("--python"),
                    flags.get("--peer"));
        }

        /** The peer's command line. */
        List<String> peerCommand() {
            return new ArrayList<>(List.of(python, peer, "--serve", workload));
        }
    }

    /** Runs the alternation against the peer {@code peerCommand} starts, printing to {@code out}; returns the summary. */
    static AbRounds.Summary run(Options o, List<String> peerCommand, PrintStream out) throws IOException {
        try (Ours ours = new Ours(o.workload(), o.backend()); Peer peer = new Peer(peerCommand)) {
            out.printf(Locale.ROOT, "%s, medians of %d calls per side and round after %.1f s of warm-up%n"
                    + "A: the peer (%s)%nB: ours on %s%n", o.workload(), o.calls(), o.warmupSeconds(),
                    String.join(" ", peerCommand), o.backend());
            AbRounds.warmUp(o.warmupSeconds(), () -> peer.median(o.calls()), () -> ours.median(o.calls()));
            return AbRounds.alternate(o.rounds(), () -> paused(() -> peer.median(o.calls())),
                    () -> paused(() -> ours.median(o.calls())), "us", out);
        }
    }

    private static double paused(DoubleSupplier side) {
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
