package org.mimo4j.bench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.mimo4j.bench.probe.PhysicalLimits;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;

/**
 * Turns one comparison run directory into its report: reads our JMH results ({@code jmh-<family>.json},
 * or one {@code jmh.json} in runs made before the peers bracketed each family; at least one is required),
 * the peers' ({@code peers-<family>-1.json} before and {@code -2.json} after ours, merged by {@link
 * PeerBrackets}; or one {@code peers.json}), {@code limits.json}, each vCPU's pace ({@code vcpus-before.jsonl} and
 * {@code vcpus-after.jsonl}, {@link VcpuPace}, when measured) and {@code run.properties} (commit, date,
 * quick) that {@code bench/run-comparison.sh} left there, and writes {@code report.md} and {@code
 * charts/*.png} beside them. Usage: {@code java -cp benchmarks.jar org.mimo4j.bench.report.ReportMain DIR}.
 *
 * <p>The machine and devices are those of the run, not of whoever renders the report: the run's
 * {@code cpuinfo.txt} (a copy of {@code /proc/cpuinfo}) and its {@code device.<backend>} properties
 * win over this machine's, so a run made on another machine (bench/gpu/run-gpu.sh) can be rendered
 * here. {@code ReportMain --devices} prints this machine's {@code device.<backend>=...} lines for a
 * run script to record. A chart that cannot be drawn (a JVM without fonts) costs the chart, not the
 * report.
 */
public final class ReportMain {
    private ReportMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--devices")) {
            devices().forEach((name, device) -> System.out.println("device." + name + "=" + device));
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: ReportMain RESULTS_DIR   (the directory run-comparison.sh filled)\n"
                    + "       ReportMain --devices    (this machine's backends, as run.properties lines)");
            System.exit(2);
        }
        Path report = write(Path.of(args[0]));
        System.out.println("wrote " + report);
    }

    /** Writes the report and charts for {@code dir}; returns the report's path. */
    public static Path write(Path dir) throws IOException {
        List<Path> jmhFiles = runFiles(dir, "jmh");
        if (jmhFiles.isEmpty()) {
            throw new IOException(dir.resolve("jmh.json") + " is missing: run bench/run-comparison.sh, which writes it"
                    + " (jmh-<family>.json per family) with -rf json");
        }
        List<Timing> all = new ArrayList<>();
        Map<String, String> jvmEnv = new LinkedHashMap<>();
        for (Path f : jmhFiles) {
            JmhResults jmh = JmhResults.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
            all.addAll(jmh.timings());
            jmh.jvm().forEach(jvmEnv::putIfAbsent);
        }
        Map<String, String> peerEnv = new LinkedHashMap<>();
        List<PeerResults> peerRuns = new ArrayList<>();
        for (Path f : runFiles(dir, "peers")) {
            PeerResults peers = PeerResults.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
            peerRuns.add(peers);
            peers.env().forEach(peerEnv::putIfAbsent);
        }
        if (peerRuns.isEmpty()) {
            peerEnv.put("status", "no peers.json in this run (python3-torch / python3-numpy not installed?)");
        }
        PeerBrackets peers = new PeerBrackets(peerRuns);
        all.addAll(peers.timings());
        Path limitsFile = dir.resolve("limits.json");
        PhysicalLimits limits = Files.isRegularFile(limitsFile) ? PhysicalLimits.read(limitsFile) : null;
        Properties run = runProperties(dir.resolve("run.properties"));
        Map<String, String> jvm = new LinkedHashMap<>(jvmEnv);
        jvm.put("JMH options", run.getProperty("jmhOptions", "not recorded"));
        jvm.put("mimo4j threads", run.getProperty("threads", "not recorded"));
        RunStamp stamp = new RunStamp(run.getProperty("commit", "unknown"), run.getProperty("date", "unknown"),
                Boolean.parseBoolean(run.getProperty("quick", "false")), machine(dir), jvm, peerEnv, devices(run));
        Comparison c = new Comparison(all, peers.drifts());
        String chartProblem = drawCharts(c, dir.resolve("charts"));
        Path out = dir.resolve("report.md");
        Files.writeString(out, MarkdownReport.render(c, stamp, limits, chartProblem, VcpuPace.read(dir)),
                StandardCharsets.UTF_8);
        return out;
    }

    /**
     * The run's {@code <kind>.json} (one file for the whole run) and {@code <kind>-*.json} (one per family,
     * or per family and bracket: peers-conv-1.json ran before jmh-conv.json, peers-conv-2.json after), by name.
     */
    static List<Path> runFiles(Path dir, String kind) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.equals(kind + ".json") || name.startsWith(kind + "-") && name.endsWith(".json");
            }).sorted().toList();
        }
    }

    /** Draws the charts; returns null, or why they could not be drawn (the report says so). */
    private static String drawCharts(Comparison c, Path dir) throws IOException {
        try {
            BarCharts.write(c, dir);
            return null;
        } catch (RuntimeException | LinkageError | InternalError e) {
            // AWT needs fonts (fontconfig) even headless; minimal GPU images lack them.
            System.err.println("charts not drawn: " + e);
            return e.toString();
        }
    }

    private static Properties runProperties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    /**
     * The run's machine: its {@code cpuinfo.txt} when the run saved one, else this machine's
     * /proc/cpuinfo and cpufreq; "unknown" fields where Linux does not say.
     */
    static Machine machine(Path dir) {
        Path saved = dir.resolve("cpuinfo.txt");
        if (Files.isRegularFile(saved)) {
            return Machine.parse(readOrEmpty(saved), null);
        }
        String cpuinfo = readOrEmpty(Path.of("/proc/cpuinfo"));
        String max = readOrEmpty(Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq"));
        return Machine.parse(cpuinfo, max);
    }

    /** The run's {@code device.<backend>} properties when it recorded any, else this machine's backends. */
    static Map<String, String> devices(Properties run) {
        Map<String, String> recorded = new LinkedHashMap<>();
        for (String key : new java.util.TreeSet<>(run.stringPropertyNames())) {
            if (key.startsWith("device.")) {
                recorded.put(key.substring("device.".length()), run.getProperty(key));
            }
        }
        return recorded.isEmpty() ? devices() : recorded;
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Each registered backend's device on the benchmarks' thread count, or why it did not start. */
    static Map<String, String> devices() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : Backends.names()) {
            if (name.equals("auto")) {
                continue;
            }
            try (Backend b = Backends.select(name, Backends.defaultThreads()).backend()) {
                out.put(name, b.device());
            } catch (RuntimeException e) {
                out.put(name, "unavailable: " + e.getMessage());
            }
        }
        return out;
    }
}
