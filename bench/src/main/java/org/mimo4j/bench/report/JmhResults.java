package org.mimo4j.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's {@code -rf json} output into {@link Timing}s: every raw iteration score of every fork,
 * converted to milliseconds per call (throughput modes are inverted), keyed by {@link WorkloadKeys}.
 * Also keeps the JVM facts JMH recorded, for the report's provenance.
 */
public final class JmhResults {
    private final List<Timing> timings;
    private final Map<String, String> jvm;

    private JmhResults(List<Timing> timings, Map<String, String> jvm) {
        this.timings = timings;
        this.jvm = jvm;
    }

    /** Parses the JSON text of file {@code source} (named in errors). */
    public static JmhResults parse(String json, String source) {
        JsonElement root = JsonParser.parseString(json);
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException(source + ": JMH JSON must be an array of benchmark results");
        }
        List<Timing> out = new ArrayList<>();
        Map<String, String> jvm = new LinkedHashMap<>();
        JsonArray rows = root.getAsJsonArray();
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.get(i).getAsJsonObject();
            String where = source + " result " + i;
            out.add(timing(row, where));
            for (String k : new String[] {"jdkVersion", "vmName", "vmVersion", "jmhVersion"}) {
                if (row.has(k)) {
                    jvm.putIfAbsent(k, row.get(k).getAsString());
                }
            }
            if (row.has("jvmArgs")) {
                jvm.putIfAbsent("jvmArgs", row.get("jvmArgs").toString());
            }
            if (row.has("forks")) {
                jvm.putIfAbsent("forks", row.get("forks").getAsString());
            }
        }
        return new JmhResults(out, jvm);
    }

    private static Timing timing(JsonObject row, String where) {
        String benchmark = required(row, "benchmark", where).getAsString();
        Map<String, String> params = new LinkedHashMap<>();
        if (row.has("params")) {
            row.getAsJsonObject("params").entrySet().forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
        }
        JsonObject metric = required(row, "primaryMetric", where).getAsJsonObject();
        String unit = required(metric, "scoreUnit", where).getAsString();
        List<Double> ms = new ArrayList<>();
        for (JsonElement fork : required(metric, "rawData", where).getAsJsonArray()) {
            for (JsonElement v : fork.getAsJsonArray()) {
                ms.add(toMillis(v.getAsDouble(), unit, where + " (" + benchmark + ")"));
            }
        }
        double[] samples = ms.stream().mapToDouble(Double::doubleValue).toArray();
        return Timing.of(WorkloadKeys.of(benchmark, params), WorkloadKeys.system(params), samples);
    }

    private static JsonElement required(JsonObject o, String field, String where) {
        if (!o.has(field)) {
            throw new IllegalArgumentException(where + ": missing field '" + field + "'");
        }
        return o.get(field);
    }

    /** Milliseconds per call for one JMH score in {@code unit} ("ms/op", "ops/s", ...). */
    static double toMillis(double score, String unit, String where) {
        String[] u = unit.split("/");
        if (u.length != 2) {
            throw new IllegalArgumentException(where + ": unknown JMH score unit '" + unit + "'");
        }
        if (u[1].equals("op")) {
            return score * millisPer(u[0], unit, where);
        }
        if (u[0].equals("ops")) {
            return millisPer(u[1], unit, where) / score;
        }
        throw new IllegalArgumentException(where + ": unknown JMH score unit '" + unit + "'");
    }

    private static double millisPer(String timeUnit, String unit, String where) {
        return switch (timeUnit) {
            case "s" -> 1e3;
            case "ms" -> 1;
            case "us" -> 1e-3;
            case "ns" -> 1e-6;
            case "min" -> 6e4;
            default -> throw new IllegalArgumentException(where + ": unknown time unit in JMH score unit '" + unit + "'");
        };
    }

    /** One summary per benchmark and parameter combination. */
    public List<Timing> timings() {
        return timings;
    }

    /** JDK, VM and JMH version and JVM arguments as JMH recorded them. */
    public Map<String, String> jvm() {
        return jvm;
    }
}
