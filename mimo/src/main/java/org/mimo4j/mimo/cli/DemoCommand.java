package org.mimo4j.mimo.cli;

import java.io.PrintWriter;
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
import org.mimo4j.mimo.train.RunConfig;

/**
 * {@code mimo4j demo}: the first command a user runs. Trains Joint and MIMO with the same encoders
 * and budget and prints the comparison table and where the report is.
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
        RunConfig base = options.resolve(null);
        Path dir = RunDirs.create(out, "demo");
        List<RunSummary> runs = Comparison.run(base, List.of("joint", "mimo"), 1, dir, System.err);
        List<String> modalities = List.copyOf(runs.get(0).test().probeAccuracy().keySet());
        ResultTable table = CompareReport.write(dir, modalities, runs);
        PrintWriter w = spec.commandLine().getOut();
        w.println();
        w.println("Test accuracy (%) on " + runs.get(0).dataset() + "; modality columns = linear probe on frozen "
                + "encoder features, worst = lowest of them, noisy = fused accuracy with one modality perturbed:");
        w.print(table.text());
        w.println("backend: " + runs.get(0).provenance().backend() + " (" + runs.get(0).provenance().device() + ")");
        w.println("report:  " + dir.resolve(RunReport.REPORT));
        w.flush();
        return 0;
    }
}
