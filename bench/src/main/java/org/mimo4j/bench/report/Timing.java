package org.mimo4j.bench.report;

import java.util.Arrays;

/**
 * The timings of one system on one workload in one run, summarised: median and range in milliseconds
 * per call over every measured sample (all JMH iterations of all forks, or all repeats of a peer).
 *
 * @param workload the workload key both sides use, e.g. {@code sgemm[n=1024]}
 * @param system   who ran it: {@code mimo4j-cpu}, {@code mimo4j-opencl}, {@code torch}, {@code numpy}
 * @param medianMs median milliseconds per call
 * @param minMs    fastest sample
 * @param maxMs    slowest sample
 * @param samples  how many samples the summary covers
 */
public record Timing(String workload, String system, double medianMs, double minMs, double maxMs, int samples) {

    /** Summarises raw per-call milliseconds; fails naming the workload and system when there are none. */
    public static Timing of(String workload, String system, double[] ms) {
        if (ms.length == 0) {
            throw new IllegalArgumentException("no samples for workload '" + workload + "' on " + system);
        }
        double[] s = ms.clone();
        Arrays.sort(s);
        for (double v : s) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("workload '" + workload + "' on " + system
                        + ": a sample of " + v + " ms is not a positive time");
            }
        }
        return new Timing(workload, system, median(s), s[0], s[s.length - 1], s.length);
    }

    /** Median of sorted values (mean of the middle two for an even count). */
    public static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The family part of the workload key, e.g. {@code sgemm} for {@code sgemm[n=1024]}. */
    public String family() {
        int i = workload.indexOf('[');
        return i < 0 ? workload : workload.substring(0, i);
    }

    /** The parameter part, e.g. {@code n=1024}; empty when the workload has none. */
    public String params() {
        int i = workload.indexOf('[');
        return i < 0 ? "" : workload.substring(i + 1, workload.length() - 1);
    }
}
