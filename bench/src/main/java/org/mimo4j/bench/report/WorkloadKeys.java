package org.mimo4j.bench.report;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Names JMH benchmarks by the workload keys the Python peers also print, so that rows pair up: the
 * family of the benchmark method (table below) followed by its parameters except {@code backend}, in
 * name order, e.g. {@code conv2d-fwd[layer=lenet28-conv1]}. The backend becomes the system
 * ({@code mimo4j-cpu}); benchmarks without a backend parameter run on the CPU.
 */
public final class WorkloadKeys {
    private static final Map<String, String> FAMILIES = Map.of(
            "SgemmBenchmark.sgemm", "sgemm",
            "ResidentSgemmBenchmark.sgemm", "sgemm-resident",
            "Conv2dBenchmark.forward", "conv2d-fwd",
            "Conv2dBenchmark.forwardBackward", "conv2d-fwdbwd",
            "AttentionBenchmark.forward", "attention-fwd",
            "AttentionBenchmark.forwardBackward", "attention-fwdbwd",
            "SmallCnnBenchmark.step", "small-cnn-step",
            "AvDigitsStepBenchmark.step", "avdigits-step",
            "GramBenchmark.gram", "gram");

    private WorkloadKeys() {
    }

    /** The workload key of benchmark {@code fqn} (package.Class.method) with JMH parameters {@code params}. */
    public static String of(String fqn, Map<String, String> params) {
        String[] parts = fqn.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("JMH benchmark name '" + fqn + "' is not package.Class.method");
        }
        String shortName = parts[parts.length - 2] + "." + parts[parts.length - 1];
        StringBuilder key = new StringBuilder(FAMILIES.getOrDefault(shortName, shortName));
        Map<String, String> sorted = new TreeMap<>(params);
        sorted.remove("backend");
        if (!sorted.isEmpty()) {
            key.append('[');
            sorted.forEach((k, v) -> key.append(k).append('=').append(v).append(','));
            key.setCharAt(key.length() - 1, ']');
        }
        return key.toString();
    }

    /** The workload families the JMH benchmarks map to; the peers print the same ones. */
    static Collection<String> families() {
        return FAMILIES.values();
    }

    /** The system name for a JMH row: {@code mimo4j-<backend>}, {@code mimo4j-cpu} when there is none. */
    public static String system(Map<String, String> params) {
        return "mimo4j-" + params.getOrDefault("backend", "cpu");
    }
}
