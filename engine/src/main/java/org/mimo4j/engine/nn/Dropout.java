package org.mimo4j.engine.nn;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the survivors are
 * scaled by 1 / (1 - p), so evaluation (identity) needs no rescaling. The mask comes from this layer's
 * own seeded {@link Rng}, so a seed fixes which units drop.
 */
public final class Dropout extends Layer {
    private final double p;
    private final Rng rng;

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        float keep = (float) (1 / (1 - p));
        float[] mask = new float[x.numel()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < p ? 0f : keep;
        }
        return x.mul(Tensor.of(mask, x.shape()));
    }
}
