package org.mimo4j.mimo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.mimo4j.mimo.eval.EvalResult;
import org.mimo4j.mimo.train.Evaluation;

/** {@code mimo4j eval}: evaluates a run's checkpoint on the test split and prints every measure. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a run's checkpoint on the test split: fused, per-modality (head and linear probe), "
                + "worst-modality, noisy and missing-modality accuracy, confusion matrix.",
                "Example:  mimo4j eval runs/20260101-120000-mimo"})
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "CHECKPOINT", description = "A run directory, or the checkpoint file inside one.")
    Path checkpoint;

    @Override
    public Integer call() throws Exception {
        EvalResult r = Evaluation.ofRun(checkpoint);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "test examples: %d%nfused accuracy: %.2f%%%n", r.examples(), 100 * r.fusedAccuracy());
        w.printf(Locale.ROOT, "%-10s %8s %8s %10s  noisy (levels %s)%n", "modality", "head", "probe", "missing",
                java.util.Arrays.toString(r.noiseLevels()));
        for (String m : r.probeAccuracy().keySet()) {
            StringBuilder noisy = new StringBuilder();
            for (double a : r.noisyAccuracy().get(m)) {
                noisy.append(String.format(Locale.ROOT, " %.2f%%", 100 * a));
            }
            w.printf(Locale.ROOT, "%-10s %7.2f%% %7.2f%% %9.2f%% %s%n", m, 100 * r.headAccuracy().get(m),
                    100 * r.probeAccuracy().get(m), 100 * r.missingAccuracy().get(m), noisy);
        }
        w.printf(Locale.ROOT, "worst modality: %s (%.2f%%)%nconfusion (rows true, columns predicted):%n",
                r.worstModality(), 100 * r.worstModalityAccuracy());
        for (int[] row : r.confusion()) {
            StringBuilder sb = new StringBuilder();
            for (int v : row) {
                sb.append(String.format("%6d", v));
            }
            w.println(sb);
        }
        w.flush();
        return 0;
    }
}
