package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Inverted dropout: in training each element is zeroed with probability p (one {@link Rng#nextFloat()}
 * per element, in row-major order, so a seed fixes the mask) and the survivors are scaled by
 * 1 / (1 - p); in evaluation it is the identity. The gradient is dy times the same mask.
 */
public final class Dropout extends Node {
    private final float[] mask;

    private Dropout(Tensor x, float[] mask) {
        super(x);
        this.mask = mask;
    }

    public static Tensor apply(Tensor x, float p, boolean training, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        float keep = 1f / (1 - p);
        float[] d = x.data();
        float[] mask = new float[d.length];
        float[] y = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            mask[i] = rng.nextFloat() < p ? 0f : keep;
            y[i] = d[i] * mask[i];
        }
        return Tensor.fromOp(y, x.shape(), new Dropout(x, mask).ifRecording());
    }

    @Override
    public String name() {
        return "dropout";
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = new float[gy.length];
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[i] * mask[i];
        }
        return new float[][] {gx};
    }
}
