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
    private final List<Timing> timings;
    private final Map<String, String> env;

    private PeerResults(List<Timing> timings, Map<String, String> env) {
        this.timings = timings;
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
        List<Timing> out = new ArrayList<>();
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
            out.add(Timing.of(r.get("workload").getAsString(), r.get("system").getAsString(), ms));
        }
        return new PeerResults(out, env);
    }

    /** One summary per workload and peer system. */
    public List<Timing> timings() {
        return timings;
    }

    /** The peers' environment: Python, torch and numpy versions, thread count, BLAS. */
    public Map<String, String> env() {
        return env;
    }
}
