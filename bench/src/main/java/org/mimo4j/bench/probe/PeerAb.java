package org.mimo4j.bench.probe;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mimo4j.bench.kernels.AttentionBenchmark;
import org.mimo4j.bench.kernels.Conv2dBenchmark;
import org.mimo4j.bench.kernels.ForwardBackwardBenchmark;
import org.mimo4j.bench.kernels.ResidentSgemmBenchmark;
import org.mimo4j.bench.kernels.SgemmBenchmark;

/**
 * One workload of the comparison report on our backend against its peer, in alternation ({@link AbRounds}): side
 * A is the peer script serving the workload ({@link PeerProcess}: torch, or numpy for SGEMM, its target), side B
 * this JVM running the JMH benchmark method the report pairs with it ({@link Ours}: a convolution layer's or the
 * attention's forward or forward and backward, or an SGEMM from host arrays or resident, set up as JMH sets it
 * up), and each round takes each side's median of {@code calls} calls, the side that goes first alternating. The
 * figure, B/A, is ours over the peer's time measured within seconds of each other. The report pairs JMH's forks
 * with the peer's runs before and after each family, minutes apart; on these shared 2-core VMs the pace of both
 * moves by 20-40 % within minutes (docs/performance.md), which this probe's rounds follow.
 *
 * <p>{@code java -cp benchmarks.jar org.mimo4j.bench.probe.PeerAb WORKLOAD [--backend opencl] [--rounds 10]
 * [--calls 40] [--warmup-s 10] [--python /usr/bin/python3] [--peer bench/peers/peer_bench.py]}: WORKLOAD is the
 * report's key, {@code conv2d-fwd[layer=L]} or {@code conv2d-fwdbwd[layer=L]} with L one of
 * {@link Conv2dBenchmark}'s layers, {@code attention-fwd[causal=B]} or {@code attention-fwdbwd[causal=B]},
 * {@code sgemm[n=N]} (host arrays) or {@code sgemm-resident[n=N]} (operands on the device, opencl only). Each
 * side pauses {@value #PAUSE_MS} ms before its round, so neither runs while the other's threads still spin
 * (OpenMP's wait before they sleep).
 */
public final class PeerAb {
    /** Milliseconds each side waits before its round. */
    static final int PAUSE_MS = 20;

    private PeerAb() {
    }

    /**
     * Our side: the JMH benchmark that the report times under a workload's key, set up as JMH sets it up, and the
     * call its benchmark method makes, timed call by call.
     */
    static final class Ours implements AutoCloseable {
        private final Runnable call;
        private final Runnable tearDown;

        private Ours(Runnable call, Runnable tearDown) {
            this.call = call;
            this.tearDown = tearDown;
        }

        /** The benchmark behind {@code key} (a report key's parts, see {@link PeerAb}) on {@code backend}. */
        static Ours of(Key key, String backend) {
            String value = key.value();
            boolean backward = key.backward();
            switch (key.family()) {
                case "conv2d" -> {
                    Conv2dBenchmark b = new Conv2dBenchmark();
                    b.layer = value;
                    b.backend = backend;
                    Conv2dBenchmark.shape(value);
                    setUp(b::setUp, b::tearDown);
                    return forwardBackward(b, backward);
                }
                case "attention" -> {
                    if (!(value.equals("true") || value.equals("false"))) {
                        throw new IllegalArgumentException("an attention workload is causal=true or causal=false, got "
                                + "causal=" + value);
                    }
                    AttentionBenchmark b = new AttentionBenchmark();
                    b.causal = Boolean.parseBoolean(value);
                    b.backend = backend;
                    setUp(b::setUp, b::tearDown);
                    return forwardBackward(b, backward);
                }
                case "sgemm" -> {
                    SgemmBenchmark b = new SgemmBenchmark();
                    b.n = Integer.parseInt(value);
                    b.backend = backend;
                    setUp(b::setUp, b::tearDown);
                    return new Ours(b::multiply, b::tearDown);
                }
                default -> {
                    ResidentSgemmBenchmark b = new ResidentSgemmBenchmark();
                    b.n = Integer.parseInt(value);
                    b.backend = backend;
                    setUp(b::setUp, b::tearDown);
                    return new Ours(b::multiplyAndWait, b::tearDown);
                }
            }
        }

        /** Runs a benchmark's setup; if it fails, its teardown too (closing what it opened), then rethrows. */
        private static void setUp(Runnable setUp, Runnable tearDown) {
            try {
                setUp.run();
            } catch (RuntimeException e) {
                try {
                    tearDown.run();
                } catch (RuntimeException t) {
                    e.addSuppressed(t);
                }
                throw e;
            }
        }

        private static Ours forwardBackward(ForwardBackwardBenchmark b, boolean backward) {
            return new Ours(backward ? b::forwardBackward : b::forward, b::tearDown);
        }

        /** Median microseconds of n calls. */
        double median(int n) {
            double[] t = new double[n];
            for (int c = 0; c < n; c++) {
                long t0 = System.nanoTime();
                call.run();
                t[c] = (System.nanoTime() - t0) / 1e3;
            }
            return AbRounds.median(t);
        }

        @Override
        public void close() {
            tearDown.run();
        }
    }

    private static final Pattern FORWARD_BACKWARD =
            Pattern.compile("(conv2d|attention)-fwd(bwd)?\\[(layer|causal)=([\\w-]+)]");
    private static final Pattern SGEMM = Pattern.compile("(sgemm|sgemm-resident)\\[n=(\\d+)]");

    /** A workload key this probe serves, in parts: conv2d-fwd[layer=L], attention-fwdbwd[causal=B], sgemm[n=N], ... */
    record Key(String family, boolean backward, String value) {
        static Key parse(String workload) {
            Matcher m = FORWARD_BACKWARD.matcher(workload);
            if (m.matches() && m.group(1).equals("conv2d") == m.group(3).equals("layer")) {
                return new Key(m.group(1), m.group(2) != null, m.group(4));
            }
            Matcher g = SGEMM.matcher(workload);
            if (g.matches()) {
                return new Key(g.group(1), false, g.group(2));
            }
            throw new IllegalArgumentException("workload must be conv2d-fwd[layer=L], conv2d-fwdbwd[layer=L], "
                    + "attention-fwd[causal=B], attention-fwdbwd[causal=B], sgemm[n=N] or sgemm-resident[n=N], "
                    + "got '" + workload + "'");
        }

        /** The peer's system for this key: numpy for SGEMM (its target), torch for the rest. */
        String system() {
            return family.startsWith("sgemm") ? "numpy" : "torch";
        }
    }

    /** The run's settings: what the command line says. */
    record Options(String workload, Key key, String backend, int rounds, int calls, double warmupSeconds,
                   String python, String peer) {
        static Options parse(String... args) {
            if (args.length < 1) {
                throw new IllegalArgumentException("usage: PeerAb WORKLOAD [--backend opencl] [--rounds 10]"
                        + " [--calls 40] [--warmup-s 10] [--python /usr/bin/python3]"
                        + " [--peer bench/peers/peer_bench.py]");
            }
            Map<String, String> flags = AbRounds.flags(args, 1, Map.of("--backend", "opencl", "--rounds", "10",
                    "--calls", "40", "--warmup-s", "10", "--python", "/usr/bin/python3",
                    "--peer", "bench/peers/peer_bench.py"));
            return new Options(args[0], Key.parse(args[0]), flags.get("--backend"), AbRounds.count(flags, "--rounds", 1),
                    AbRounds.count(flags, "--calls", 1), AbRounds.seconds(flags, "--warmup-s"), flags.get("--python"),
                    flags.get("--peer"));
        }

        /** The peer's command line. */
        List<String> peerCommand() {
            return new ArrayList<>(List.of(python, peer, "--serve", workload, "--system", key.system()));
        }
    }

    /** Runs the alternation against the peer {@code peerCommand} starts, printing to {@code out}; returns the summary. */
    static AbRounds.Summary run(Options o, List<String> peerCommand, PrintStream out) throws IOException {
        try (Ours ours = Ours.of(o.key(), o.backend()); PeerProcess peer = new PeerProcess(peerCommand)) {
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
