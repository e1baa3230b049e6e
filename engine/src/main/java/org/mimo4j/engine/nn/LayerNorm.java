package org.mimo4j.engine.nn;

import java.util.Arrays;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Layer normalisation over the trailing axes {@code normalizedShape}, with learnable elementwise scale
 * ("weight", ones) and shift ("bias", zeros) of that shape. Same in training and evaluation.
 */
public final class LayerNorm extends Layer {
    private final int[] normalizedShape;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(float eps, int... normalizedShape) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d <= 0) || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm needs a non-empty positive shape and eps > 0, got "
                    + Arrays.toString(normalizedShape) + ", eps=" + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = addParameter("weight", Tensor.ones(normalizedShape));
        this.bias = addParameter("bias", Tensor.zeros(normalizedShape));
    }

    /** With eps 1e-5. */
    public LayerNorm(int... normalizedShape) {
        this(1e-5f, normalizedShape);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.layerNorm(x, normalizedShape, weight.tensor(), bias.tensor(), eps);
    }
}
