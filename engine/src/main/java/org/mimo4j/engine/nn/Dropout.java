package org.mimo4j.engine.nn;

import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Inverted dropout as a layer: active in training mode only (see {@link F#dropout}). The mask comes
 * from this layer's own seeded {@link Rng}, registered as "rng" so that checkpoints restore it: a seed
 * fixes which units drop, whatever else draws random numbers, and a resumed run drops the same units.
 */
public final class Dropout extends Layer {
    private final float p;
    private final Rng rng;

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.p = (float) p;
        this.rng = addRng("rng", rng);
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining(), rng);
    }
}
