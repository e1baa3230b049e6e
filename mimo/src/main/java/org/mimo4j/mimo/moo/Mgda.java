package org.mimo4j.mimo.moo;

/**
 * MGDA (Sener and Koltun, NeurIPS 2018): the min-norm point of the convex hull of the objectives'
 * gradients, a common descent direction unless the parameters are Pareto-stationary.
 *
 * <p>Update: with normalisers n_k (none: 1; l2: ||g_k||; loss: f_k; loss+: f_k·||g_k||) and the Gram
 * matrix G'_ij = &lt;g_i, g_j&gt; / (n_i n_j),
 * <pre>
 *   λ = argmin_{λ ∈ Δ_K} λᵀG'λ        (Frank-Wolfe, {@link MinNormSolver}: exact for K = 2, capped at 250 iterations)
 *   d = Σ_k λ_k g_k                     (λ weighs the raw gradients, as in the published code)
 * </pre>
 * A gradient with zero norm under l2/loss+ normalisation enters G' as the zero vector (its objective
 * is already stationary). The upper-bound variant MGDA-UB solves for λ on the gradients with respect
 * to the shared representations z_m (cheap backward passes through the heads only) and then asks the
 * trainer for one backward pass of Σ_k λ_k f_k.
 *
 * <p>Cost per step: K backward passes (UB: K partial + 1 full), O(K·d) memory, O(K²·d) Gram pass,
 * O(K²) per solver iteration, O(K·d) write.
 */
public final class Mgda extends BaseMethod {

    /** Gradient normalisation before the min-norm solve. */
    public enum Normalization { NONE, L2, LOSS, LOSS_PLUS }

    /**
     * MGDA's options.
     *
     * @param normalization  none, l2, loss or loss+
     * @param referenceClamp clamp two-vector weights to 0.001/0.999 like the published code
     * @param upperBound     the MGDA-UB variant (gradients w.r.t. the shared representation)
     * @param maxIterations  Frank-Wolfe iteration cap (250 in the published code)
     * @param tolerance      stop when the L1 change of λ is below this (1e-5)
     */
    public record Options(Normalization normalization, boolean referenceClamp, boolean upperBound,
                          int maxIterations, double tolerance) {
        public Options {
            if (normalization == null) {
                throw new IllegalArgumentException("MGDA needs a normalization");
            }
            if (maxIterations < 1 || !(tolerance >= 0)) {
                throw new IllegalArgumentException("MGDA needs maxIterations >= 1 and tolerance >= 0; got "
                        + maxIterations + ", " + tolerance);
            }
        }

        /** No normalisation, exact clamp, parameter space, 250 iterations, tolerance 1e-5. */
        public static Options defaults() {
            return new Options(Normalization.NONE, false, false, 250, 1e-5);
        }

        /** These options with another normalisation. */
        public Options withNormalization(Normalization n) {
            return new Options(n, referenceClamp, upperBound, maxIterations, tolerance);
        }

        /** These options with the UB variant on or off. */
        public Options withUpperBound(boolean ub) {
            return new Options(normalization, referenceClamp, ub, maxIterations, tolerance);
        }

        /** These options with another iteration cap. */
        public Options withMaxIterations(int cap) {
            return new Options(normalization, referenceClamp, upperBound, cap, tolerance);
        }

        /** These options with the reference clamp on or off. */
        public Options withReferenceClamp(boolean on) {
            return new Options(normalization, on, upperBound, maxIterations, tolerance);
        }
    }

    private final Options options;

    /** MGDA for {@code modalities} modalities. */
    public Mgda(int modalities, Options options) {
        super(modalities);
        this.options = options;
    }

    @Override
    public String name() {
        String base = options.upperBound() ? "mgda-ub" : "mgda";
        return switch (options.normalization()) {
            case NONE -> base;
            case L2 -> base + "-l2";
            case LOSS -> base + "-loss";
            case LOSS_PLUS -> base + "-loss+";
        };
    }

    /** The options. */
    public Options options() {
        return options;
    }

    @Override
    public Plan plan(double[] losses, StepContext ctx) {
        checkLosses(losses);
        if (!options.upperBound()) {
            return perObjectivePlan();
        }
        return new Plan.CollectGradients(perObjectiveRows(), objectiveNames(), Plan.Space.REPRESENTATION,
                Plan.Then.BACKPROP_WEIGHTS);
    }

    @Override
    public StepReport combine(GradientBank bank, float[][] out, StepContext ctx) {
        long start = System.nanoTime();
        checkBank(bank, k, out, !options.upperBound());
        Gram gram = finiteGram(bank, ctx);
        MinNormSolver.Solution s = solve(gram.matrix(), bank);
        if (!options.upperBound()) {
            LinearCombination.write(bank, s.lambda(), out, ctx.workers());
        }
        return report(s.lambda(), options.upperBound() ? k + 1 : k, start, s.iterations(), gram, bank, ctx);
    }

    /** λ for a K x K Gram of the raw gradients, after normalisation. */
    MinNormSolver.Solution solve(double[] g, GradientBank bank) {
        double[] inv = new double[k];
        for (int i = 0; i < k; i++) {
            inv[i] = inverseNormalizer(Math.sqrt(Math.max(0, g[i * k + i])), bank.loss(i), bank.rowName(i));
        }
        double[] normalized = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                normalized[i * k + j] = g[i * k + j] * inv[i] * inv[j];
            }
        }
        return MinNormSolver.solve(normalized, k, options.maxIterations(), options.tolerance(),
                options.referenceClamp());
    }

    private double inverseNormalizer(double norm, double loss, String row) {
        boolean byLoss = options.normalization() == Normalization.LOSS
                || options.normalization() == Normalization.LOSS_PLUS;
        if (byLoss && !(loss > 0)) {
            throw new IllegalArgumentException(name() + ": loss normalisation needs a positive loss, but objective '"
                    + row + "' has loss " + loss);
        }
        return switch (options.normalization()) {
            case NONE -> 1;
            case L2 -> norm > 0 ? 1 / norm : 0;
            case LOSS -> 1 / loss;
            case LOSS_PLUS -> norm > 0 ? 1 / (loss * norm) : 0;
        };
    }
}
