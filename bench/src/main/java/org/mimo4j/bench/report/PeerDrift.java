package org.mimo4j.bench.report;

/**
 * How much a peer's median moved between the peer run before our benchmarks of its family and the one
 * after them. The machines these runs are made on are shared: a phase in which every process runs slower
 * can start or end mid-run, and a ratio whose two sides were measured in different phases says nothing.
 * Bracketing each family's JMH run by two peer runs shows whether that happened.
 *
 * @param workload the workload key
 * @param system   the peer system
 * @param beforeMs the peer's median in the run before ours
 * @param afterMs  the peer's median in the run after ours
 */
public record PeerDrift(String workload, String system, double beforeMs, double afterMs) {
    /** A change of more than this factor either way marks the workload's ratios as unsteady. */
    public static final double STEADY = 1.15;

    /** after / before. */
    public double ratio() {
        return afterMs / beforeMs;
    }

    /** Whether the peer's median moved by more than {@link #STEADY} either way across our run. */
    public boolean unsteady() {
        return ratio() > STEADY || ratio() < 1 / STEADY;
    }
}
