package org.mimo4j.mimo.moo;

import java.util.Arrays;

/**
 * MMPareto (Wei and Hu, ICML 2024): per encoder, a Pareto combination of the fused and the unimodal
 * gradient, rescaled so that the unimodal signal does not shrink the update.
 *
 * <p>Update, for every encoder m with g_0 = ∇_{θ_m} f_0 and g_m = ∇_{θ_m} f_m (over all of encoder
 * m's tensors):
 * <pre>
 *   (ρ_0, ρ_m) = (½, ½)                         if cos(g_0, g_m) &gt; 0 (or either is zero)
 *              = (t, 1 − t), t the two-vector min-norm weight, otherwise
 *   per tensor p of encoder m:  g̃_p = 2(ρ_0 g_{0,p} + ρ_m g_{m,p});  s_p = Σ_k g_{k,p}
 *   if ||s_p|| &gt; ||g̃_p|| (and g̃_p ≠ 0): g̃_p ← g̃_p · ||s_p|| / ||g̃_p||;   update_p = 1.5 · g̃_p
 * </pre>
 * Heads and fusion tensors use the summed gradient Σ_k g_k. All norms come from per-group Gram
 * matrices, so the gradients are read once for the Gram and once for the write.
 *
 * <p>Cost per step: K = M + 1 backward passes (the summed gradient is the sum of the rows, by
 * linearity), O(K²·d) Gram pass, O(K·d) write.
 */
public final class MmPareto extends GramMethod {
    /** The published method's final magnitude factor. */
    static final double BOOST = 1.5;

    /** MMPareto for {@code modalities} modalities. */
    public MmPareto(int modalities) {
        super(modalities);
    }

    @Override
    public String name() {
        return "mmpareto";
    }

    @Override
    StepReport combineFromGram(GradientBank bank, Gram gram, float[][] out, StepContext ctx, long start) {
        double[][] rho = encoderWeights(gram, bank);
        double[] sum = new double[k];
        Arrays.fill(sum, 1);
        double[][] coefficients = new double[bank.groupCount()][];
        for (int p = 0; p < bank.groupCount(); p++) {
            ParameterGroup group = bank.group(p);
            coefficients[p] = group.role() == GroupRole.ENCODER
                    ? tensorCoefficients(gram, p, group.modality(), rho[group.modality()])
                    : sum;
        }
        LinearCombination.write(bank, coefficients, out, ctx.workers());
        double[] w = new double[k];
        for (int m = 1; m <= modalities; m++) {
            w[0] += rho[m][0] / modalities;
            w[m] = rho[m][1];
        }
        return report(w, k, start, 0, gram, bank, ctx);
    }

    /** rho[m] = (ρ_0, ρ_m) of encoder m, from the Gram summed over its tensors. */
    private double[][] encoderWeights(Gram gram, GradientBank bank) {
        double[][] rho = new double[modalities + 1][];
        for (int m = 1; m <= modalities; m++) {
            int mm = m;
            double[] g = gram.sumOver(bank, p -> p.isEncoderOf(mm));
            double a = g[0];
            double b = g[m];
            double c = g[m * k + m];
            if (a == 0 || c == 0 || b > 0) {
                rho[m] = new double[] {0.5, 0.5};
            } else {
                double t = MinNormSolver.twoVector(a, b, c, false);
                rho[m] = new double[] {t, 1 - t};
            }
        }
        return rho;
    }

    /** Coefficients over the K rows for tensor p of encoder m. */
    private double[] tensorCoefficients(Gram gram, int p, int m, double[] rho) {
        double c0 = 2 * rho[0];
        double cm = 2 * rho[1];
        double candidate = c0 * c0 * gram.get(p, 0, 0) + 2 * c0 * cm * gram.get(p, 0, m) + cm * cm * gram.get(p, m, m);
        double summed = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                summed += gram.get(p, i, j);
            }
        }
        double scale = BOOST;
        if (candidate > 0 && summed > candidate) {
            scale *= Math.sqrt(summed / candidate);
        }
        double[] coefficients = new double[k];
        coefficients[0] = c0 * scale;
        coefficients[m] = cm * scale;
        return coefficients;
    }
}
