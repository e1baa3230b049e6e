package org.mimo4j.mimo.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Pulls plottable series out of metrics.jsonl records: for records of one kind ("step" or "epoch"),
 * each key of a nested number map (e.g. "losses" or "valAccuracy") becomes one series over the
 * x field ("step" or "epoch").
 */
public final class MetricSeries {
    private MetricSeries() {
    }

    /** Series named by the keys of {@code field}, over {@code xField}, from records of {@code kind}. */
    public static List<Plots.Series> extract(List<JsonElement> records, String kind, String xField, String field) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (JsonElement r : records) {
            if (!r.isJsonObject()) {
                continue;
            }
            JsonObject o = r.getAsJsonObject();
            if (!o.has("kind") || !kind.equals(o.get("kind").getAsString()) || !o.has(field) || !o.has(xField)
                    || !o.get(field).isJsonObject()) {
                continue;
            }
            double x = o.get(xField).getAsDouble();
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject(field).entrySet()) {
                if (e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber()) {
                    points.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(new double[] {x, e.getValue().getAsDouble()});
                }
            }
        }
        List<Plots.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : points.entrySet()) {
            List<double[]> p = e.getValue();
            double[] xs = new double[p.size()];
            double[] ys = new double[p.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = p.get(i)[0];
                ys[i] = p.get(i)[1];
            }
            series.add(new Plots.Series(e.getKey(), xs, ys));
        }
        return series;
    }
}
