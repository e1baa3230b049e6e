package org.mimo4j.mimo.moo;

import org.mimo4j.engine.tensor.Rng;

/**
 * PCGrad (Yu et al., NeurIPS 2020): remove the conflicting components of the objectives' gradients.
 *
 * <p>Update: for each objective i, start from g_i^pc = g_i and visit the other objectives j in a
 * random order (drawn from the run's {@link Rng}); whenever &lt;g_i^pc, g_j&gt; &lt; 0, set
 * g_i^pc ← g_i^pc − (&lt;g_i^pc, g_j&gt; / ||g_j||²)·g_j. The direction is Σ_i g_i^pc.
 *
 * <p>Every g_i^pc is a linear combination of the original gradients, so the projections run on
 * coefficient vectors with the Gram matrix (&lt;g_i^pc, g_j&gt; = (G c_i)_j), which is exact and
 * leaves one write pass over the gradients. Cost per step: K backward passes, O(K²·d) Gram pass,
 * O(K³) projections, O(K·d) write.
 */
public final class PcGrad extends GramMethod {

    /** PCGrad for {@code modalities} modalities. */
    public PcGrad(int modalities) {
        super(modalities);
    }

    @Override
    public String name() {
        return "pcgrad";
    }

    @Override
    StepReport combineFromGram(GradientBank bank, Gram gram, float[][] out, StepContext ctx, long start) {
        double[][] projected = projectedCoefficients(gram.matrix(), k, ctx.rng());
        double[] w = new double[k];
        for (double[] c : projected) {
            for (int j = 0; j < k; j++) {
                w[j] += c[j];
            }
        }
        LinearCombination.write(bank, w, out, ctx.workers());
        return report(w, k, start, 0, gram, bank, ctx);
    }

    /** Row i: the coefficients of g_i^pc over the original gradients. */
    static double[][] projectedCoefficients(double[] g, int k, Rng rng) {
        double[][] c = new double[k][k];
        int[] others = new int[k - 1];
        for (int i = 0; i < k; i++) {
            c[i][i] = 1;
            for (int j = 0, n = 0; j < k; j++) {
                if (j != i) {
                    others[n++] = j;
                }
            }
            rng.shuffle(others);
            for (int j : others) {
                double dot = 0;
                for (int l = 0; l < k; l++) {
                    dot += c[i][l] * g[l * k + j];
                }
                if (dot < 0 && g[j * k + j] > 0) {
                    c[i][j] -= dot / g[j * k + j];
                }
            }
        }
        return c;
    }
}
