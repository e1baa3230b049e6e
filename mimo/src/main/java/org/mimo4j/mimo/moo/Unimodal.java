package org.mimo4j.mimo.moo;

import java.util.Arrays;

/**
 * Reference point: each encoder (and its head) trained alone on its own loss f_m, the ceiling each
 * modality reaches by itself; the fusion head still learns f_0 on top of those encoders, so fused
 * accuracy stays meaningful (late fusion of independently trained encoders).
 *
 * <p>Update: θ_m ← θ_m − η ∇_{θ_m} f_m, ω_m ← ω_m − η ∇_{ω_m} f_m, ω_0 ← ω_0 − η ∇_{ω_0} f_0.
 * Gradients are linear and f_j does not depend on θ_m for j ≠ m, so two backward passes suffice:
 * row 0 = ∇f_0 (used on fusion groups only) and row 1 = ∇Σ_m f_m (used everywhere else).
 * Cost per step: 2 backward passes; subroutine O(d) (a finiteness/diagnostic pass and the routing
 * write).
 */
public final class Unimodal extends BaseMethod {

    /** Unimodal training for {@code modalities} modalities. */
    public Unimodal(int modalities) {
        super(modalities);
    }

    @Override
    public String name() {
        return "unimodal";
    }

    @Override
    public Plan plan(double[] losses, StepContext ctx) {
        checkLosses(losses);
        double[] sum = new double[k];
        Arrays.fill(sum, 1, k, 1);
        double[] fused = new double[k];
        fused[0] = 1;
        return new Plan.CollectGradients(new double[][] {fused, sum}, new String[] {"f0 (fused)", "sum_m f_m"},
                Plan.Space.PARAMETERS, Plan.Then.WRITE_DIRECTION);
    }

    @Override
    public StepReport combine(GradientBank bank, float[][] out, StepContext ctx) {
        long start = System.nanoTime();
        checkBank(bank, 2, out, true);
        Gram gram = finiteGram(bank, ctx);
        double[][] coefficients = new double[bank.groupCount()][];
        for (int p = 0; p < bank.groupCount(); p++) {
            boolean fusion = bank.group(p).role() == GroupRole.FUSION;
            coefficients[p] = fusion ? new double[] {1, 0} : new double[] {0, 1};
        }
        LinearCombination.write(bank, coefficients, out, ctx.workers());
        double[] w = new double[k];
        Arrays.fill(w, 1);
        return report(w, 2, start, 0, gram, bank, ctx);
    }
}
