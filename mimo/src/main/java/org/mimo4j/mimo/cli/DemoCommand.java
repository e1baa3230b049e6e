package org.mimo4j.mimo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.mimo4j.mimo.report.CompareReport;
import org.mimo4j.mimo.report.ResultTable;
import org.mimo4j.mimo.report.RunDirs;
import org.mimo4j.mimo.report.RunReport;
import org.mimo4j.mimo.report.RunSummary;
import org.mimo4j.mimo.train.Comparison;
import org.mimo4j.mimo.train.ConfigLoader;
import org.mimo4j.mimo.train.DatasetFactory;
import org.mimo4j.mimo.train.RunConfig;

/**
 * {@code mimo4j demo}: the first command a user runs. Makes sure the system programs the AV-Digits
 * build needs are there (installing them with apt-get as root, else printing the one command to run),
 * builds AV-Digits once, trains Joint and MIMO with the same encoders and budget (the defaults in
 * demo.json beside this class; options override them) and prints the comparison table, the backend
 * that ran and where the report is.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train Joint and MIMO on a small budget, print the comparison (fused, per-modality, "
                + "worst-modality, noisy accuracy) and write a report."})
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RunOptions options;

    @Option(names = "--out", paramLabel = "DIR", description = "Parent of the demo's directory (default: runs).")
    Path out = Path.of("runs");

    @Override
    public Integer call() throws Exception {
        RunConfig base = options.resolve(null, demoDefaults());
        PrintWriter w = spec.commandLine().getOut();
        if (!DatasetFactory.isCached(base.dataset) && !systemReady(w)) {
            return 1;
        }
        Path dir = RunDirs.create(out, "demo");
        List<RunSummary> runs = Comparison.run(base, List.of("joint", "mimo"), 1, dir, System.err);
        List<String> modalities = List.copyOf(runs.get(0).test().probeAccuracy().keySet());
        ResultTable table = CompareReport.write(dir, modalities, runs);
        w.println();
        w.println("Test accuracy (%) on " + runs.get(0).dataset() + "; modality columns = linear probe on frozen "
                + "encoder features, worst = lowest of them, noisy = fused accuracy with one modality perturbed:");
        w.print(table.text());
        w.println("backend: " + runs.get(0).provenance().backend() + " (" + runs.get(0).provenance().device() + ")");
        w.println("report:  " + dir.resolve(RunReport.REPORT));
        w.flush();
        return 0;
    }

    /** The demo's base config (a resource of this package). */
    static RunConfig demoDefaults() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo.json")) {
            if (in == null) {
                throw new IOException("demo.json is missing from the mimo4j jar; rebuild it");
            }
            return ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.json");
        }
    }

    /** True when the build tools are present (or were just installed); else prints what to run. */
    private static boolean systemReady(PrintWriter w) throws IOException, InterruptedException {
        List<String> missing = SystemTools.missingPackages();
        if (missing.isEmpty()) {
            return true;
        }
        String pkgs = String.join(" ", missing);
        if (SystemTools.isRoot()) {
            w.println("mimo4j: AV-Digits needs " + pkgs + "; installing them with apt-get");
            if (SystemTools.aptInstall(missing, w)) {
                return true;
            }
            w.println("mimo4j: apt-get failed; install the packages yourself: apt-get install " + pkgs);
            return false;
        }
        w.println("mimo4j: building AV-Digits needs programs that are not installed. Run this once, then "
                + "./mimo4j demo again:");
        w.println("  sudo apt-get install " + pkgs);
        return false;
    }
}
