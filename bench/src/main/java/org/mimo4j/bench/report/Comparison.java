package org.mimo4j.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * All timings of one run, ours and the peers', indexed by workload and system, and the pairwise
 * ratios the report prints: for a workload, our median divided by a peer's median, both from the same
 * run (above 1 means mimo4j is slower). A workload one side did not run has no ratio.
 */
public final class Comparison {
    /** Systems whose name starts with this are ours; everything else is a peer. */
    public static final String OURS = "mimo4j-";

    private final Map<String, Map<String, Timing>> byWorkload = new LinkedHashMap<>();
    private final List<PeerDrift> drifts;

    /** Indexes {@code timings}, without peer drifts (the peers ran once). */
    public Comparison(List<Timing> timings) {
        this(timings, List.of());
    }

    /**
     * Indexes {@code timings}; a second timing for the same workload and system is an error. {@code drifts}:
     * how the peers' medians moved across our benchmarks ({@link PeerBrackets}).
     */
    public Comparison(List<Timing> timings, List<PeerDrift> drifts) {
        this.drifts = List.copyOf(drifts);
        for (Timing t : timings) {
            Timing old = byWorkload.computeIfAbsent(t.workload(), w -> new LinkedHashMap<>()).put(t.system(), t);
            if (old != null) {
                throw new IllegalArgumentException("two timings for workload '" + t.workload() + "' on "
                        + t.system() + "; merge the runs or keep one");
            }
        }
    }

    /** Workload keys, sorted (families together, then parameters). */
    public List<String> workloads() {
        return new ArrayList<>(new TreeSet<>(byWorkload.keySet()));
    }

    /** Our systems then the peers', each sorted by name. */
    public List<String> systems() {
        TreeSet<String> ours = new TreeSet<>();
        TreeSet<String> peers = new TreeSet<>();
        byWorkload.values().forEach(m -> m.keySet().forEach(s -> (s.startsWith(OURS) ? ours : peers).add(s)));
        List<String> all = new ArrayList<>(ours);
        all.addAll(peers);
        return all;
    }

    /** The timing of {@code system} on {@code workload}, if it ran. */
    public Optional<Timing> get(String workload, String system) {
        return Optional.ofNullable(byWorkload.getOrDefault(workload, Map.of()).get(system));
    }

    /** Our median over the peer's median on {@code workload}, if both ran. */
    public Optional<Double> ratio(String workload, String ours, String peer) {
        Optional<Timing> a = get(workload, ours);
        Optional<Timing> b = get(workload, peer);
        return a.isPresent() && b.isPresent()
                ? Optional.of(a.get().medianMs() / b.get().medianMs()) : Optional.empty();
    }

    /** How the peers' medians moved between the runs before and after ours; empty when they ran once. */
    public List<PeerDrift> drifts() {
        return drifts;
    }

    /** Whether {@code peer}'s median on {@code workload} moved by more than {@link PeerDrift#STEADY} across our run. */
    public boolean unsteady(String workload, String peer) {
        return drifts.stream().anyMatch(d -> d.workload().equals(workload) && d.system().equals(peer) && d.unsteady());
    }

    /** The (ours, peer) pairs that share at least one workload: the report's ratio columns. */
    public List<String[]> pairs() {
        List<String[]> out = new ArrayList<>();
        for (String o : systems()) {
            for (String p : systems()) {
                if (o.startsWith(OURS) && !p.startsWith(OURS)
                        && workloads().stream().anyMatch(w -> ratio(w, o, p).isPresent())) {
                    out.add(new String[] {o, p});
                }
            }
        }
        return out;
    }

    /** Workload families in key order ({@code sgemm}, {@code conv2d-fwd}, ...). */
    public List<String> families() {
        List<String> out = new ArrayList<>();
        for (String w : workloads()) {
            String f = byWorkload.get(w).values().iterator().next().family();
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }
}
