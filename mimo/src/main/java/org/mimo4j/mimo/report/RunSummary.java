package org.mimo4j.mimo.report;

import org.mimo4j.mimo.eval.EvalResult;

/**
 * The outcome of one training run, as written to its {@code summary.json} and gathered by
 * {@code compare}: the method and seed, test-split evaluation, training cost, how the run ended, and
 * where it came from.
 *
 * @param stopReason "completed", "early stop at epoch N" or the reason a run was halted
 */
public record RunSummary(String method, long seed, String dataset, String runDir, EvalResult test,
                         double bestValidationAccuracy, int epochs, long steps, double secondsPerEpoch,
                         double meanSubroutineNanos, String stopReason, Provenance provenance) {
}
