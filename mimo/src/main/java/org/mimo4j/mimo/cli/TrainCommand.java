package org.mimo4j.mimo.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.mimo4j.mimo.report.ResultTable;
import org.mimo4j.mimo.report.RunDirs;
import org.mimo4j.mimo.report.RunReport;
import org.mimo4j.mimo.report.RunSummary;
import org.mimo4j.mimo.train.ConfigException;
import org.mimo4j.mimo.train.ConfigLoader;
import org.mimo4j.mimo.train.Experiment;
import org.mimo4j.mimo.train.RunConfig;

/** {@code mimo4j train}: one training run from a config file and/or options, or the resumption of one. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train one model with one method; writes a run directory (config, metrics.jsonl, "
                + "checkpoints, plots, report.md).",
                "Examples:  mimo4j train --config configs/avdigits-mimo.json",
                "           mimo4j train --dataset avdigits --method mimo -O gamma=1 --epochs 5",
                "           mimo4j train --resume runs/20260101-120000-mimo"})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RunOptions options;

    @Option(names = "--method", paramLabel = "NAME", description = "joint, uniform, unimodal, mimo, mgda, "
            + "mgda-ub, mmpareto, ogmge, pcgrad or cagrad (default: joint).")
    String method;

    @Option(names = "--out", paramLabel = "DIR", description = "Parent of the run directory (default: runs).")
    Path out = Path.of("runs");

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a stopped run from its last "
            + "checkpoint, with the config it was started with.")
    Path resume;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        RunConfig config;
        Path dir;
        if (resume != null) {
            if (!Files.isRegularFile(resume.resolve(Experiment.CONFIG))) {
                throw new ConfigException("--resume " + resume + ": not a run directory (no " + Experiment.CONFIG + ")");
            }
            config = ConfigLoader.load(resume.resolve(Experiment.CONFIG));
            dir = resume;
        } else {
            config = options.resolve(method);
            dir = RunDirs.create(out, config.method.name);
        }
        RunSummary s = Experiment.run(config, dir, resume != null, System.err);
        w.println();
        w.print(new ResultTable(List.copyOf(s.test().probeAccuracy().keySet())).add(s).text());
        w.println("backend: " + s.provenance().backend() + " (" + s.provenance().device() + "); " + s.stopReason());
        w.println("report:  " + dir.resolve(RunReport.REPORT));
        w.flush();
        return 0;
    }
}
