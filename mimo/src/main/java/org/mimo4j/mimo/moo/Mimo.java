package org.mimo4j.mimo.moo;

/**
 * MIMO: balance the modalities by prioritising the worst one while keeping the fused objective.
 *
 * <p><b>Provenance.</b> This update is our reconstruction from the abstract of Fernando et al.,
 * "Balancing Multi-modal Sensor Learning via Multi-objective Optimization", arXiv 2511.06686 (a
 * multi-objective formulation prioritising the worst-performing modality while retaining the fused
 * objective, solved by a simple gradient method). The paper's body and code were not available to
 * us; see ALGORITHMS.md.
 *
 * <p><b>Problem.</b> Lexicographically minimise first F(θ) = max_m f_m(θ), then f_0. Surrogate:
 * Φ(θ) = f_0(θ) + γ·S_μ(f_1..f_M) with the smooth max S_μ = μ·log Σ_m exp(f_m/μ), whose gradient
 * weights are w = softmax(f/μ).
 *
 * <p><b>Step</b> (variant {@link Variant#PENALTY}, the default), from batch losses f̂:
 * <pre>
 *   u ← (1 − β)·u + β·f̂_{1..M}          (u = f̂_{1..M} on the first step; β = 1 disables smoothing)
 *   w ← softmax((u − max u) / μ)          (max subtraction keeps exp finite for any loss scale)
 *   L ← f̂_0 + γ·Σ_m w_m f̂_m ; one backward pass
 * </pre>
 * {@link Variant#HARD}: w = one-hot(argmax u) (first index on ties). {@link Variant#MINNORM}: two
 * backward passes give g_0 = ∇f̂_0 and g_w = ∇Σ_m w_m f̂_m; the direction is t·g_0 + (1 − t)·g_w with
 * the two-vector min-norm t = clamp((c − b)/(a + c − 2b), 0, 1) (a = ||g_0||², b = &lt;g_0,g_w&gt;,
 * c = ||g_w||²); γ is not used.
 *
 * <p><b>Cost per step.</b> Penalty and hard: one backward pass, subroutine O(M). Minnorm: two
 * backward passes, subroutine O(d) (one Gram pass over two rows and one write).
 */
public final class Mimo extends BaseMethod {

    /** How the weights turn into an update. */
    public enum Variant { PENALTY, HARD, MINNORM }

    /**
     * MIMO's options. The defaults are provisional until tuned on the AV-Digits validation split.
     *
     * @param variant penalty (default), hard or minnorm
     * @param gamma   γ > 0, weight of the worst-modality term
     * @param mu      μ > 0, temperature of the smooth max (small μ approaches the hard max)
     * @param beta    β in (0, 1], step of the moving average of the unimodal losses (1 = no smoothing)
     */
    public record Options(Variant variant, double gamma, double mu, double beta) {
        public Options {
            if (variant == null) {
                throw new IllegalArgumentException("MIMO needs a variant");
            }
            if (!(gamma > 0) || !(mu > 0) || !(beta > 0 && beta <= 1)) {
                throw new IllegalArgumentException("MIMO options need gamma > 0, mu > 0 and beta in (0, 1]; got gamma="
                        + gamma + ", mu=" + mu + ", beta=" + beta);
            }
        }

        /** Penalty variant, γ = 1, μ = 0.5, β = 0.1. */
        public static Options defaults() {
            return new Options(Variant.PENALTY, 1.0, 0.5, 0.1);
        }

        /** These options with another variant. */
        public Options withVariant(Variant v) {
            return new Options(v, gamma, mu, beta);
        }
    }

    private final Options options;
    private double[] smoothed;
    private double[] modalityWeights;

    /** MIMO for {@code modalities} modalities with the given options. */
    public Mimo(int modalities, Options options) {
        super(modalities);
        this.options = options;
    }

    @Override
    public String name() {
        return switch (options.variant()) {
            case PENALTY -> "mimo";
            case HARD -> "mimo-hard";
            case MINNORM -> "mimo-minnorm";
        };
    }

    /** The options. */
    public Options options() {
        return options;
    }

    /** The moving average u of f_1..f_M (empty before the first step). */
    public double[] smoothedLosses() {
        return smoothed == null ? new double[0] : smoothed.clone();
    }

    @Override
    public Plan plan(double[] losses, StepContext ctx) {
        long start = System.nanoTime();
        double[] f = checkLosses(losses);
        updateAverage(f);
        modalityWeights = options.variant() == Variant.HARD ? oneHot(smoothed) : softmax(smoothed, options.mu());
        if (options.variant() == Variant.MINNORM) {
            double[] fused = new double[k];
            fused[0] = 1;
            double[] worst = new double[k];
            System.arraycopy(modalityWeights, 0, worst, 1, modalities);
            return new Plan.CollectGradients(new double[][] {fused, worst}, new String[] {"f0 (fused)", "sum_m w_m f_m"},
                    Plan.Space.PARAMETERS, Plan.Then.WRITE_DIRECTION);
        }
        double[] w = new double[k];
        w[0] = 1;
        for (int m = 0; m < modalities; m++) {
            w[m + 1] = options.gamma() * modalityWeights[m];
        }
        return weighted(f, w, System.nanoTime() - start);
    }

    private void updateAverage(double[] f) {
        if (smoothed == null) {
            smoothed = new double[modalities];
            System.arraycopy(f, 1, smoothed, 0, modalities);
            return;
        }
        double beta = options.beta();
        for (int m = 0; m < modalities; m++) {
            smoothed[m] = (1 - beta) * smoothed[m] + beta * f[m + 1];
        }
    }

    /** softmax((u − max u)/μ), in double; finite for any finite u. */
    static double[] softmax(double[] u, double mu) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : u) {
            max = Math.max(max, x);
        }
        double[] w = new double[u.length];
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            w[i] = Math.exp((u[i] - max) / mu);
            sum += w[i];
        }
        for (int i = 0; i < u.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    private static double[] oneHot(double[] u) {
        int best = 0;
        for (int i = 1; i < u.length; i++) {
            if (u[i] > u[best]) {
                best = i;
            }
        }
        double[] w = new double[u.length];
        w[best] = 1;
        return w;
    }

    @Override
    public StepReport combine(GradientBank bank, float[][] out, StepContext ctx) {
        if (options.variant() != Variant.MINNORM) {
            throw new IllegalStateException(name() + " backpropagates a weighted loss; it has nothing to combine");
        }
        if (modalityWeights == null) {
            throw new IllegalStateException(name() + ": call plan(losses, ctx) before combine in each step");
        }
        long start = System.nanoTime();
        checkBank(bank, 2, out, true);
        Gram gram = finiteGram(bank, ctx);
        double t = MinNormSolver.twoVector(gram.get(0, 0), gram.get(0, 1), gram.get(1, 1), false);
        LinearCombination.write(bank, new double[] {t, 1 - t}, out, ctx.workers());
        double[] w = new double[k];
        w[0] = t;
        for (int m = 0; m < modalities; m++) {
            w[m + 1] = (1 - t) * modalityWeights[m];
        }
        return report(w, 2, start, 0, gram, bank, ctx);
    }
}
