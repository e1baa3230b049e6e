package org.mimo4j.bench.report;

import java.util.Map;

/**
 * Where a comparison run came from, printed at the top of its report: commit, date, whether it was a
 * {@code --quick} smoke run, the machine, the JVM as JMH recorded it, the peers' environment and each
 * backend's device.
 *
 * @param commit  git commit of the benchmarked code (with "-dirty" when the tree had changes)
 * @param date    UTC date and time the run started
 * @param quick   true for a smoke run (1 fork, few iterations, small sizes): not citable
 * @param machine CPU model, cores and clocks
 * @param jvm     JDK, VM, JMH version and JVM arguments
 * @param peers   Python, torch, numpy, BLAS and thread count of the peers
 * @param devices backend name to device description (or why it is unavailable)
 */
public record RunStamp(String commit, String date, boolean quick, Machine machine, Map<String, String> jvm,
                       Map<String, String> peers, Map<String, String> devices) {
}
