package org.mimo4j.mimo.model;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A fully connected layer y = x W + b on [batch, in] inputs, with He-normal initial weights
 * (std sqrt(2 / in), suited to the ReLU layers that follow most of them) and zero bias. Without a
 * bias it computes x W (the per-modality blocks of a concat fusion share one bias).
 */
public final class Dense {
    private final Tensor weight;
    private final Tensor bias;

    /** Creates the layer with a bias; registers "name.weight" and "name.bias" under {@code owner}. */
    public Dense(ParameterSet params, Owner owner, String name, int in, int out, Rng rng) {
        this(params, owner, name, in, out, true, rng);
    }

    /** Creates the layer, with or without a bias. */
    public Dense(ParameterSet params, Owner owner, String name, int in, int out, boolean withBias, Rng rng) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(owner.prefix() + "." + name + ": sizes must be >= 1, got in="
                    + in + ", out=" + out);
        }
        Tensor w = Tensor.randn(rng, in, out).mul((float) Math.sqrt(2.0 / in)).detach();
        weight = params.add(owner.group(name + ".weight", in * out, 2), w);
        bias = withBias ? params.add(owner.group(name + ".bias", out, 1), Tensor.zeros(out)) : null;
    }

    /** x: [batch, in] to [batch, out]. */
    public Tensor forward(Tensor x) {
        Tensor y = x.matmul(weight);
        return bias == null ? y : y.add(bias);
    }
}
