package org.mimo4j.engine.nn;

import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Affine map on the last axis: y = x W^T + b, x of shape [..., in], W of shape [out, in], b of shape
 * [out]. Initialised like PyTorch (Kaiming-uniform, bias uniform in +-1/sqrt(in)).
 */
public final class Linear extends Layer {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int in, int out, boolean bias, Rng rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear needs in > 0 and out > 0, got in=" + in + ", out=" + out);
        }
        this.weight = addParameter("weight", Tensor.zeros(out, in));
        Init.kaimingUniform(weight.tensor(), rng);
        if (bias) {
            this.bias = addParameter("bias", Tensor.zeros(out));
            Init.uniform(this.bias.tensor(), 1.0 / Math.sqrt(in), rng);
        } else {
            this.bias = null;
        }
    }

    public Linear(int in, int out, Rng rng) {
        this(in, out, true, rng);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        int in = weight.shape()[1];
        if (x.dim() < 1 || x.size(-1) != in) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + weight.shape()[0] + "): input shape "
                    + java.util.Arrays.toString(x.shape()) + " must end in " + in);
        }
        return F.linear(x, weight.tensor(), bias == null ? null : bias.tensor());
    }
}
