package org.mimo4j.mimo.moo;

import java.util.List;

/** What every method shares: its K, input validation, and the common plan and report shapes. */
abstract class BaseMethod implements MultiObjectiveMethod {
    final int modalities;
    final int k;
    /** The losses of the current step, kept by {@link #checkLosses} for the combine step's report. */
    private double[] stepLosses = new double[0];

    BaseMethod(int modalities) {
        if (modalities < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs at least 1 modality, got "
                    + modalities);
        }
        this.modalities = modalities;
        this.k = modalities + 1;
    }

    @Override
    public int objectives() {
        return k;
    }

    /** "f0 (fused)" or "fm (modality m)". */
    static String objectiveName(int index) {
        return index == 0 ? "f0 (fused)" : "f" + index + " (modality " + index + ")";
    }

    /** All K objective names. */
    String[] objectiveNames() {
        String[] n = new String[k];
        for (int i = 0; i < k; i++) {
            n[i] = objectiveName(i);
        }
        return n;
    }

    /** Checks that there are K finite losses and returns a copy. */
    double[] checkLosses(double[] losses) {
        if (losses == null || losses.length != k) {
            throw new IllegalArgumentException(name() + " expects " + k + " losses (f0 fused, then f1..f"
                    + modalities + "), got " + (losses == null ? "null" : losses.length));
        }
        NonFiniteGradientException.requireFiniteLosses(losses, objectiveNames());
        stepLosses = losses.clone();
        return losses.clone();
    }

    /** Checks the bank's row count and losses, and the output's shape when one is needed. */
    void checkBank(GradientBank bank, int rows, float[][] out, boolean needOut) {
        if (bank.rows() != rows) {
            throw new IllegalArgumentException(name() + " expects a bank with " + rows + " rows (as its plan asked), got "
                    + bank.rows());
        }
        for (int r = 0; r < rows; r++) {
            if (!Double.isFinite(bank.loss(r))) {
                throw NonFiniteGradientException.loss(bank.rowName(r), r, bank.loss(r));
            }
        }
        if (needOut) {
            bank.checkDirection(out);
        }
    }

    /** The K x K identity: one row per objective. */
    double[][] perObjectiveRows() {
        double[][] rows = new double[k][k];
        for (int i = 0; i < k; i++) {
            rows[i][i] = 1;
        }
        return rows;
    }

    /** A plan collecting ∇f_k for every objective, with respect to the parameters. */
    Plan.CollectGradients perObjectivePlan() {
        return new Plan.CollectGradients(perObjectiveRows(), objectiveNames(), Plan.Space.PARAMETERS,
                Plan.Then.WRITE_DIRECTION);
    }

    /** A plan that backpropagates Σ w_k f_k, with the report of a weights-only subroutine. */
    Plan.BackpropWeighted weighted(double[] losses, double[] weights, long nanos) {
        return new Plan.BackpropWeighted(weights,
                new StepReport(name(), losses, weights, 1, nanos, 0, List.of()));
    }

    /** The Gram of the bank's rows, with a clear error if any block is not finite. */
    static Gram finiteGram(GradientBank bank, StepContext ctx) {
        Gram gram = GramKernel.compute(bank, ctx.workers());
        gram.requireFinite(bank);
        return gram;
    }

    /** A report for a combine step; per-encoder geometry from {@code gram} when the context asks for it. */
    StepReport report(double[] weights, int passes, long start, int iterations, Gram gram,
                      GradientBank bank, StepContext ctx) {
        List<EncoderGeometry> geometry = ctx.diagnostics() ? EncoderGeometry.of(gram, bank) : List.of();
        return new StepReport(name(), stepLosses, weights, passes, System.nanoTime() - start, iterations, geometry);
    }
}
