package org.mimo4j.mimo.moo;

/**
 * Reference point: train on the fused loss only, L = f_0 (plain multi-modal training, where the
 * dominant modality tends to starve the others).
 *
 * <p>Update: θ ← θ − η ∇f_0. Cost per step: one backward pass; subroutine O(1).
 */
public final class Joint extends BaseMethod {

    /** Joint training for {@code modalities} modalities. */
    public Joint(int modalities) {
        super(modalities);
    }

    @Override
    public String name() {
        return "joint";
    }

    @Override
    public Plan plan(double[] losses, StepContext ctx) {
        long start = System.nanoTime();
        double[] f = checkLosses(losses);
        double[] w = new double[k];
        w[0] = 1;
        return weighted(f, w, System.nanoTime() - start);
    }
}
