package org.mimo4j.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * The peer runs of one comparison run merged: where a workload ran in two peer runs (before and after
 * our benchmarks of its family), its samples are pooled into one timing, so the ratio's peer side spans
 * the same stretch of time as ours, and the move between the two runs' medians is kept as a {@link
 * PeerDrift}. A workload that ran in one peer run keeps its timing and has no drift.
 */
public final class PeerBrackets {
    private final List<Timing> timings = new ArrayList<>();
    private final List<PeerDrift> drifts = new ArrayList<>();

    /** Merges {@code runs}, in the order they ran; a workload in more than two of them is an error. */
    public PeerBrackets(List<PeerResults> runs) {
        Map<String, List<PeerResults.Samples>> byKey = new LinkedHashMap<>();
        for (PeerResults run : runs) {
            for (PeerResults.Samples s : run.samples()) {
                byKey.computeIfAbsent(s.workload() + " on " + s.system(), k -> new ArrayList<>()).add(s);
            }
        }
        byKey.forEach((key, sets) -> {
            if (sets.size() > 2) {
                throw new IllegalArgumentException(key + " ran in " + sets.size()
                        + " peer runs; a family is bracketed by two (before and after ours)");
            }
            PeerResults.Samples first = sets.get(0), last = sets.get(sets.size() - 1);
            double[] all = sets.stream().flatMapToDouble(s -> DoubleStream.of(s.ms())).toArray();
            timings.add(Timing.of(first.workload(), first.system(), all));
            if (sets.size() == 2) {
                drifts.add(new PeerDrift(first.workload(), first.system(), first.timing().medianMs(),
                        last.timing().medianMs()));
            }
        });
    }

    /** One timing per workload and peer system, over the samples of every run it was in. */
    public List<Timing> timings() {
        return timings;
    }

    /** The workloads that ran before and after ours, with their medians in each. */
    public List<PeerDrift> drifts() {
        return drifts;
    }
}
