package org.mimo4j.mimo.moo;

/**
 * CAGrad (Liu et al., NeurIPS 2021): the direction within a ball around the mean gradient that
 * maximises the worst objective's improvement.
 *
 * <p>Update, with g_avg = (1/K) Σ_k g_k and c = α·||g_avg||:
 * <pre>
 *   w = argmin_{w ∈ Δ_K} wᵀG·1/K + c·sqrt(wᵀGw)            ({@link SimplexSolver}, projected gradient)
 *   d = (g_avg + (c / ||g_w||)·g_w) / (1 + α²),  g_w = Σ_k w_k g_k
 * </pre>
 * so d is again a linear combination Σ_k ((1/K + c w_k / ||g_w||) / (1 + α²)) g_k, computed from the
 * Gram matrix and written in one pass. α = 0 gives the mean gradient.
 *
 * <p>Cost per step: K backward passes, O(K²·d) Gram pass, O(K²) per solver iteration, O(K·d) write.
 */
public final class CaGrad extends GramMethod {
    /** ||g_w||² below this fraction of trace(G) counts as zero. */
    static final double DEGENERATE = 1e-10;
    private final double alpha;

    /** CAGrad for {@code modalities} modalities with radius factor α ≥ 0 (0.5 in the paper). */
    public CaGrad(int modalities, double alpha) {
        super(modalities);
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("CAGrad needs a finite alpha >= 0, got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "cagrad";
    }

    @Override
    StepReport combineFromGram(GradientBank bank, Gram gram, float[][] out, StepContext ctx, long start) {
        double[] g = gram.matrix();
        SimplexSolver.Solution s = SimplexSolver.caGrad(g, k, alpha);
        double[] coefficients = coefficients(g, s.w());
        LinearCombination.write(bank, coefficients, out, ctx.workers());
        return report(coefficients, k, start, s.iterations(), gram, bank, ctx);
    }

    /** The coefficients of d over the K gradients, given the solved w. */
    double[] coefficients(double[] g, double[] w) {
        double avg = 0;
        double gw = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                avg += g[i * k + j];
                gw += w[i] * g[i * k + j] * w[j];
            }
        }
        double c = alpha * Math.sqrt(Math.max(0, avg)) / k;
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += g[i * k + i];
        }
        // g_w ≈ 0 (the mean is in the hull's null space): its direction is noise, so stay at g_avg
        double lambda = gw > DEGENERATE * trace ? c / Math.sqrt(gw) : 0;
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = (1.0 / k + lambda * w[i]) / (1 + alpha * alpha);
        }
        return out;
    }
}
