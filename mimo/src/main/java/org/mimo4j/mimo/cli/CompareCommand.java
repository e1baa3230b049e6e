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
import org.mimo4j.mimo.train.ConfigException;
import org.mimo4j.mimo.train.MethodFactory;
import org.mimo4j.mimo.train.RunConfig;

/** {@code mimo4j compare}: several methods x seeds on the same config; a mean ± std table and plots. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Train several methods with several seeds on the same data, encoders and budget; "
                + "print the mean ± std table and write a comparison report.",
                "Example:  mimo4j compare --config configs/avdigits-joint.json --methods joint,mimo,mgda --seeds 3"})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RunOptions options;

    @Option(names = "--methods", split = ",", paramLabel = "M1,M2,...", required = true,
            description = "Methods to compare, e.g. joint,mimo,mgda.")
    List<String> methods;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per method (default 3).")
    int seeds = 3;

    @Option(names = "--out", paramLabel = "DIR", description = "Parent of the comparison directory (default: runs).")
    Path out = Path.of("runs");

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new ConfigException("--seeds must be >= 1, got " + seeds);
        }
        for (String m : methods) {
            if (!MethodFactory.NAMES.contains(m)) {
                throw new ConfigException("--methods: unknown method '" + m + "'; expected some of " + MethodFactory.NAMES);
            }
        }
        RunConfig base = options.resolveForComparison(methods);
        Path dir = RunDirs.create(out, "compare");
        List<RunSummary> runs = Comparison.run(base, methods, seeds, dir, System.err);
        List<String> modalities = List.copyOf(runs.get(0).test().probeAccuracy().keySet());
        ResultTable table = CompareReport.write(dir, modalities, runs);
        PrintWriter w = spec.commandLine().getOut();
        w.println();
        w.println("Test accuracy (%), mean ± std over " + seeds + " seed(s); modality columns = linear probe:");
        w.print(table.text());
        w.println("backend: " + runs.get(0).provenance().backend() + " (" + runs.get(0).provenance().device() + ")");
        w.println("report:  " + dir.resolve(RunReport.REPORT));
        w.flush();
        return 0;
    }
}
