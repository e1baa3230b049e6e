package org.mimo4j.bench.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The peer side of {@link PeerAb}: {@code peer_bench.py --serve WORKLOAD --system S} started as a process, ready
 * once it has warmed up (its first line, "ready ..."); each {@link #median} writes n and reads back the median
 * microseconds of n calls. Its stderr goes to ours; a peer that exits or answers anything but a time is an error
 * saying what it sent.
 */
final class PeerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader in;
    private final PrintWriter out;

    /** Starts {@code command} and waits for its "ready" line. */
    PeerProcess(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("LD_PRELOAD"); // the JVM's signal-chaining library is ours, not the peer's
        // As run-comparison.sh does for its peers: this workplace sets OPENBLAS_CORETYPE=Haswell for every
        // process, which holds OpenBLAS (torch's matrix products, numpy) to its AVX2 kernels on AVX-512
        // machines: the attention's fwd+bwd took 8.1-8.4 ms a call with it, 5.0-5.5 without (session 30).
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
