package org.mimo4j.bench.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON that {@code bench/peers/peer_bench.py} writes: an {@code env} object (versions,
 * threads, BLAS) and {@code results}, each with a workload key, a system ({@code torch} or
 * {@code numpy}) and the raw per-call milliseconds of every timed repeat.
 */
public final class PeerResults {
    private final List<Samples> samples;
    private final Map<String, String> env;

    /** The raw per-call milliseconds of one workload on one peer system. */
    public record Samples(String workload, String system, double[] ms) {
        public Timing timing() {
            return Timing.of(workload, system, ms);
        }
    }

    private PeerResults(List<Samples> samples, Map<String, String> env) {
        this.samples = samples;
        this.env = env;
    }

    /** Parses the JSON text of file {@code source} (named in errors). */
    public static PeerResults parse(String json, String source) {
        JsonElement root = JsonParser.parseString(json);
        if (!root.isJsonObject() || !root.getAsJsonObject().has("results")) {
            throw new IllegalArgumentException(source + ": peer JSON must be an object with a 'results' array");
        }
        JsonObject o = root.getAsJsonObject();
        Map<String, String> env = new LinkedHashMap<>();
        if (o.has("env")) {
            o.getAsJsonObject("env").entrySet().forEach(e -> env.put(e.getKey(),
                    e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
        }
        List<Samples> out = new ArrayList<>();
        int i = 0;
        for (JsonElement e : o.getAsJsonArray("results")) {
            JsonObject r = e.getAsJsonObject();
            String where = source + " result " + i++;
            for (String f : new String[] {"workload", "system", "times_ms"}) {
                if (!r.has(f)) {
                    throw new IllegalArgumentException(where + ": missing field '" + f + "'");
                }
            }
            double[] ms = new double[r.getAsJsonArray("times_ms").size()];
            for (int k = 0; k < ms.length; k++) {
                ms[k] = r.getAsJsonArray("times_ms").get(k).getAsDouble();
            }
            Samples one = new Samples(r.get("workload").getAsString(), r.get("system").getAsString(), ms);
            one.timing(); // fails here, naming the workload, when a sample is not a time
            out.add(one);
        }
        return new PeerResults(out, env);
    }

    /** One summary per workload and peer system. */
    public List<Timing> timings() {
        return samples.stream().map(Samples::timing).toList();
    }

    /** The raw samples behind {@link #timings()}, for merging the runs that bracket our benchmarks. */
    public List<Samples> samples() {
        return samples;
    }

    /** The peers' environment: Python, torch and numpy versions, thread count, BLAS. */
    public Map<String, String> env() {
        return env;
    }
}
