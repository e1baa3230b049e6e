package org.mimo4j.mimo.moo;

import java.util.Arrays;

/**
 * Reference point: the fused and all unimodal losses with equal weight, L = f_0 + Σ_m f_m (the usual
 * "auxiliary unimodal heads" baseline).
 *
 * <p>Update: θ ← θ − η ∇(f_0 + Σ_m f_m). Cost per step: one backward pass; subroutine O(1).
 */
public final class Uniform extends BaseMethod {

    /** Uniform weighting for {@code modalities} modalities. */
    public Uniform(int modalities) {
        super(modalities);
    }

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public Plan plan(double[] losses, StepContext ctx) {
        long start = System.nanoTime();
        double[] f = checkLosses(losses);
        double[] w = new double[k];
        Arrays.fill(w, 1);
        return weighted(f, w, System.nanoTime() - start);
    }
}
