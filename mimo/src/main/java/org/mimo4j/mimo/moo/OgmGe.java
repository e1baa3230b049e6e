package org.mimo4j.mimo.moo;

import org.mimo4j.engine.tensor.Rng;

/**
 * OGM-GE (Peng et al., CVPR 2022): on-the-fly gradient modulation of the fused loss, slowing the
 * dominant modality's encoder, with Gaussian noise for generalisation (GE).
 *
 * <p>Update, from g_0 = ∇f_0 and the scores s_m = Σ_i softmax(o_m^(i))_{y_i} (the summed true-class
 * probabilities of modality m's contribution o_m to the fused logits, see {@link #score}):
 * <pre>
 *   ρ_m = s_m / mean_{j ≠ m} s_j      (for two modalities: ρ_a = s_a / s_v, the published rule)
 *   k_m = 1 − tanh(α·ρ_m)  if ρ_m &gt; 1 and startEpoch ≤ epoch ≤ endEpoch, else 1
 *   conv kernel p of encoder m:  update_p = k_m·g_{0,p} + ε_p,  ε_p ~ N(0, std(g_{0,p})²) if GE and k_m &lt; 1
 *   every other tensor:          update_p = g_{0,p}
 * </pre>
 * The comparison with the mean of the other modalities is our extension to M &gt; 2; it reduces to the
 * published two-modality rule for M = 2. The noise goes only to the modulated kernels (the published
 * code also perturbs the other modality's kernels with k = 1); std is the unbiased standard deviation
 * of the unmodulated gradient tensor, and noise is drawn from the run's {@link Rng} in tensor order.
 *
 * <p>Cost per step: one backward pass (f_0), O(d) finiteness pass, O(d) write, O(d_conv) noise.
 */
public final class OgmGe extends BaseMethod {

    /**
     * OGM-GE's options.
     *
     * @param alpha      α &gt; 0 (0.1–0.8 in the paper)
     * @param startEpoch first epoch with modulation (inclusive)
     * @param endEpoch   last epoch with modulation (inclusive)
     * @param noise      add the GE noise (false: plain OGM)
     */
    public record Options(double alpha, int startEpoch, int endEpoch, boolean noise) {
        public Options {
            if (!(alpha > 0) || Double.isInfinite(alpha) || startEpoch < 0 || endEpoch < startEpoch) {
                throw new IllegalArgumentException("OGM-GE needs alpha > 0 and 0 <= startEpoch <= endEpoch; got alpha="
                        + alpha + ", epochs " + startEpoch + ".." + endEpoch);
            }
        }

        /** α = 0.5, modulation in every epoch, with GE noise. */
        public static Options defaults() {
            return new Options(0.5, 0, Integer.MAX_VALUE, true);
        }
    }

    private final Options options;

    /** OGM-GE for {@code modalities} ≥ 2 modalities. */
    public OgmGe(int modalities, Options options) {
        super(modalities);
        if (modalities < 2) {
            throw new IllegalArgumentException("OGM-GE compares modalities and needs at least 2, got " + modalities);
        }
        this.options = options;
    }

    @Override
    public String name() {
        return options.noise() ? "ogm-ge" : "ogm";
    }

    @Override
    public Plan plan(double[] losses, StepContext ctx) {
        checkLosses(losses);
        double[] fused = new double[k];
        fused[0] = 1;
        return new Plan.CollectGradients(new double[][] {fused}, new String[] {objectiveName(0)},
                Plan.Space.PARAMETERS, Plan.Then.WRITE_DIRECTION);
    }

    @Override
    public StepReport combine(GradientBank bank, float[][] out, StepContext ctx) {
        long start = System.nanoTime();
        checkBank(bank, 1, out, true);
        double[] coefficient = coefficients(ctx);
        Gram gram = finiteGram(bank, ctx);
        double[][] perGroup = new double[bank.groupCount()][];
        for (int p = 0; p < bank.groupCount(); p++) {
            perGroup[p] = new double[] {modulated(bank.group(p), coefficient) ? coefficient[bank.group(p).modality()] : 1};
        }
        LinearCombination.write(bank, perGroup, out, ctx.workers());
        if (options.noise()) {
            addNoise(bank, gram, coefficient, out, ctx.rng());
        }
        double[] w = coefficient.clone();
        w[0] = 1;
        return report(w, 1, start, 0, gram, bank, ctx);
    }

    /** k_m for m in 1..M (index 0 unused), from the context's scores and epoch. */
    double[] coefficients(StepContext ctx) {
        double[] s = new double[modalities + 1];
        double total = 0;
        for (int m = 1; m <= modalities; m++) {
            s[m] = ctx.score(m);
            if (!(s[m] > 0) || Double.isInfinite(s[m])) {
                throw new IllegalArgumentException("OGM score of modality " + m + " is " + s[m]
                        + "; expected a positive finite sum of probabilities");
            }
            total += s[m];
        }
        boolean active = ctx.epoch() >= options.startEpoch() && ctx.epoch() <= options.endEpoch();
        double[] k = new double[modalities + 1];
        for (int m = 1; m <= modalities; m++) {
            double ratio = s[m] / ((total - s[m]) / (modalities - 1));
            k[m] = active && ratio > 1 ? 1 - Math.tanh(options.alpha() * ratio) : 1;
        }
        return k;
    }

    private static boolean modulated(ParameterGroup g, double[] coefficient) {
        return g.role() == GroupRole.ENCODER && g.convKernel() && coefficient[g.modality()] < 1;
    }

    private void addNoise(GradientBank bank, Gram gram, double[] coefficient, float[][] out, Rng rng) {
        for (int p = 0; p < bank.groupCount(); p++) {
            if (!modulated(bank.group(p), coefficient)) {
                continue;
            }
            float[] g = bank.block(0, p);
            int n = g.length;
            double sum = 0;
            for (float x : g) {
                sum += x;
            }
            double var = n > 1 ? Math.max(0, (gram.get(p, 0, 0) - sum * sum / n) / (n - 1)) : 0;
            double std = Math.sqrt(var);
            float[] o = out[p];
            for (int i = 0; i < n; i++) {
                o[i] += (float) (std * rng.nextGaussian());
            }
        }
    }

    /**
     * s = Σ_i softmax(o^(i))_{y_i} for a batch of modality logits o ({@code batch x classes},
     * row-major) and labels y, with max subtraction for stability.
     */
    public static double score(float[] logits, int[] labels, int classes) {
        if (classes < 1 || logits.length != labels.length * classes) {
            throw new IllegalArgumentException("OGM score: logits have " + logits.length + " values; expected "
                    + labels.length + " labels x " + classes + " classes");
        }
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("OGM score: label " + labels[i] + " at sample " + i
                        + " is outside 0.." + (classes - 1));
            }
            int base = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[base + c]);
            }
            double z = 0;
            for (int c = 0; c < classes; c++) {
                z += Math.exp(logits[base + c] - max);
            }
            total += Math.exp(logits[base + labels[i]] - max) / z;
        }
        return total;
    }
}
