package org.mimo4j.mimo.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.mimo4j.mimo.report.RunSummary;

/**
 * Runs one base config with several methods and seeds (seed, seed + 1, ...), each in its own
 * sub-directory {@code <method>-s<seed>} of the comparison directory, with the same data, encoders
 * and budget, so that the methods differ only in how they combine the objectives.
 */
public final class Comparison {
    private Comparison() {
    }

    /** Trains every (method, seed) pair in order and returns their summaries. */
    public static List<RunSummary> run(RunConfig base, List<String> methods, int seeds, Path dir,
                                       PrintStream progress) throws IOException {
        List<RunSummary> out = new ArrayList<>();
        for (String method : methods) {
            for (int i = 0; i < seeds; i++) {
                RunConfig c = ConfigLoader.copy(base);
                c.method.name = method;
                c.method.options.keySet().retainAll(MethodFactory.optionNames(method));
                c.training.seed = base.training.seed + i;
                ConfigValidator.validate(c, "compare");
                Path runDir = Files.createDirectories(dir.resolve(method + "-s" + c.training.seed));
                progress.println("== " + method + ", seed " + c.training.seed + " -> " + runDir);
                out.add(Experiment.run(c, runDir, false, progress));
            }
        }
        return out;
    }
}
