package org.mimo4j.bench.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each vCPU's pace before and after the benchmarks ({@code vcpus-before.jsonl}, {@code vcpus-after.jsonl}: one line of
 * {@link org.mimo4j.bench.probe.VcpuProbe} per vCPU), for the report: where one vCPU ran the probe much slower than the
 * other, a neighbour was slowing that core, and two-thread rows were paced by it.
 *
 * @param before microseconds by vCPU label, in file order (empty when not measured)
 * @param after  the same after the benchmarks
 */
public record VcpuPace(Map<String, Double> before, Map<String, Double> after) {
    /** A spread between the slowest and the fastest vCPU above this ratio is called out. */
    static final double UNEVEN = 1.15;

    /** The run folder's two files, or null when neither is there (the probe did not run). */
    public static VcpuPace read(Path dir) throws IOException {
        Path b = dir.resolve("vcpus-before.jsonl"), a = dir.resolve("vcpus-after.jsonl");
        if (!Files.isRegularFile(b) && !Files.isRegularFile(a)) {
            return null;
        }
        return new VcpuPace(lines(b), lines(a));
    }

    /** Parses {@code {"cpu":"0","weightGradientUs":432.1}} lines; fails naming the file and line when one is not that. */
    static Map<String, Double> lines(Path file) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
                double us = o.get("weightGradientUs").getAsDouble();
                if (!(us > 0) || Double.isInfinite(us)) {
                    throw new IllegalArgumentException("weightGradientUs must be a positive number, was " + us);
                }
                out.put(o.get("cpu").getAsString(), us);
            } catch (RuntimeException e) {
                throw new IOException(file + " line " + (i + 1) + ": not a VcpuProbe line ('" + lines.get(i) + "'): "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Slowest over fastest vCPU in one measurement; 1 with fewer than two. */
    static double spread(Map<String, Double> pace) {
        if (pace.size() < 2) {
            return 1;
        }
        double min = pace.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = pace.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return max / min;
    }

    /** The report's lines: a table of vCPU x (before, after) and the spread of each, called out when uneven. */
    List<String> markdown() {
        List<String> md = new ArrayList<>();
        md.add("| vCPU | before, us | after, us |");
        md.add("|---|---:|---:|");
        List<String> cpus = new ArrayList<>(before.keySet());
        after.keySet().stream().filter(c -> !cpus.contains(c)).forEach(cpus::add);
        for (String cpu : cpus) {
            md.add("| " + cpu + " | " + us(before.get(cpu)) + " | " + us(after.get(cpu)) + " |");
        }
        md.add("| slowest / fastest | " + ratio(before) + " | " + ratio(after) + " |");
        return md;
    }

    private static String us(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String ratio(Map<String, Double> pace) {
        if (pace.size() < 2) {
            return "-";
        }
        double s = spread(pace);
        return String.format(Locale.ROOT, "%.2fx", s) + (s > UNEVEN ? " (uneven)" : "");
    }
}
