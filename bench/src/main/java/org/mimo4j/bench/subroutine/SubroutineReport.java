package org.mimo4j.bench.subroutine;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH JSON output ({@code -rf json}) of {@link SubroutineBenchmark} and {@link GramBenchmark}
 * into markdown tables: method, K, d, time per step, solver iterations and the ratio to MIMO; and
 * the Gram pass's bandwidth in GB/s. The header stamps the JVM, CPU and commit.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.mimo4j.bench.subroutine.SubroutineReport results.json [report.md]}
 */
public final class SubroutineReport {

    /** One benchmark row: its parameters, time per call in microseconds and error, and counters per call. */
    record Row(String benchmark, Map<String, String> params, double micros, double error, Map<String, Double> perCall) {
        String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    private SubroutineReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: SubroutineReport <jmh-results.json> [report.md]");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        JsonElement root = JsonParser.parseString(Files.readString(in, StandardCharsets.UTF_8));
        if (!root.isJsonArray()) {
            throw new IOException(in + ": expected a JSON array of JMH results (run JMH with -rf json)");
        }
        List<Row> rows = new ArrayList<>();
        String jvm = "unknown";
        for (JsonElement e : root.getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            jvm = o.has("vmName") ? o.get("vmName").getAsString() + " " + o.get("jdkVersion").getAsString() : jvm;
            rows.add(parse(o, in));
        }
        String md = render(rows, jvm);
        if (args.length == 2) {
            Files.writeString(Path.of(args[1]), md, StandardCharsets.UTF_8);
        } else {
            new PrintStream(System.out, true, StandardCharsets.UTF_8).print(md);
        }
    }

    static Row parse(JsonObject o, Path source) throws IOException {
        JsonObject primary = o.getAsJsonObject("primaryMetric");
        if (primary == null || !o.has("benchmark")) {
            throw new IOException(source + ": a result lacks 'benchmark' or 'primaryMetric'");
        }
        String unit = primary.get("scoreUnit").getAsString();
        if (!unit.endsWith("/op")) {
            throw new IOException(source + ": expected average-time results (unit x/op), got " + unit);
        }
        double micros = number(primary.get("score")) * toMicros(unit);
        double error = primary.has("scoreError") ? number(primary.get("scoreError")) * toMicros(unit) : Double.NaN;
        Map<String, String> params = new HashMap<>();
        if (o.has("params")) {
            o.getAsJsonObject("params").entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
        }
        Map<String, Double> perCall = new HashMap<>();
        if (o.has("secondaryMetrics")) {
            for (var s : o.getAsJsonObject("secondaryMetrics").entrySet()) {
                JsonObject m = s.getValue().getAsJsonObject();
                double score = number(m.get("score"));
                String u = m.get("scoreUnit").getAsString();
                // In average-time mode JMH reports an OPERATIONS counter as time per counted event.
                double eventMicros = score * (u.endsWith("/op") ? toMicros(u) : Double.NaN);
                perCall.put(s.getKey(), eventMicros > 0 ? micros / eventMicros : 0);  // +INF: no events
            }
        }
        String name = o.get("benchmark").getAsString();
        return new Row(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), params, micros, error,
                perCall);
    }

    /** JMH writes non-finite scores as the strings "+INF", "-INF" and "NaN". */
    private static double number(JsonElement e) {
        return switch (e.getAsString()) {
            case "+INF" -> Double.POSITIVE_INFINITY;
            case "-INF" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> e.getAsDouble();
        };
    }

    private static double toMicros(String unit) {
        return switch (unit.substring(0, unit.indexOf('/'))) {
            case "ns" -> 1e-3;
            case "us" -> 1;
            case "ms" -> 1e3;
            case "s" -> 1e6;
            default -> throw new IllegalArgumentException("unknown JMH time unit " + unit);
        };
    }

    static String render(List<Row> rows, String jvm) {
        StringBuilder md = new StringBuilder("# Subroutine benchmarks\n\n");
        md.append("JVM: ").append(jvm).append("; CPU: ").append(cpu()).append(" (")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores); commit: ").append(commit())
                .append("\n\n");
        List<Row> sub = rows.stream().filter(r -> r.benchmark().startsWith("SubroutineBenchmark"))
                .sorted(Comparator.comparingInt((Row r) -> Integer.parseInt(r.param("objectives")))
                        .thenComparingInt(r -> Integer.parseInt(r.param("d"))).thenComparing(r -> r.param("method")))
                .toList();
        if (!sub.isEmpty()) {
            md.append("## Subroutine time per step (same bank for every method)\n\n");
            md.append("| method | K | d | threads | time (µs) | ± | solver iterations | ratio to MIMO |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Row r : sub) {
                double mimo = sub.stream().filter(x -> x.param("method").equals("mimo")
                                && x.param("objectives").equals(r.param("objectives")) && x.param("d").equals(r.param("d"))
                                && x.param("threads").equals(r.param("threads")))
                        .mapToDouble(Row::micros).findFirst().orElse(Double.NaN);
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.3f | %.3f | %.1f | %s |%n", r.param("method"),
                        r.param("objectives"), r.param("d"), r.param("threads"), r.micros(), r.error(),
                        r.perCall().getOrDefault("solverIterations", 0.0),
                        Double.isNaN(mimo) ? "n/a" : String.format(Locale.ROOT, "%.1f", r.micros() / mimo)));
            }
            md.append('\n');
        }
        List<Row> gram = rows.stream().filter(r -> r.benchmark().startsWith("GramBenchmark")).toList();
        if (!gram.isEmpty()) {
            md.append("## Gram pass bandwidth (K x d floats read once)\n\n");
            md.append("| K | d | threads | time (µs) | GB/s |\n|---:|---:|---:|---:|---:|\n");
            for (Row r : gram) {
                double bytes = 4.0 * Long.parseLong(r.param("objectives")) * Long.parseLong(r.param("d"));
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f |%n", r.param("objectives"), r.param("d"),
                        r.param("threads"), r.micros(), bytes / (r.micros() * 1e3)));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }

    private static String commit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
