package org.mimo4j.engine.nn;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A multi-layer perceptron: Linear layers of the given widths with an activation (and optional
 * dropout) between them, none after the last, so the output is raw features or logits. Layers are
 * named "layers.0", "layers.1", ... as in a {@link Sequential}.
 */
public final class Mlp extends Layer {
    private final Sequential layers;

    /**
     * @param widths input width, hidden widths..., output width (at least two numbers)
     * @param dropout drop probability after each hidden activation (0 for none)
     */
    public Mlp(int[] widths, Activation.Kind activation, double dropout, Rng rng) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output width, got "
                    + java.util.Arrays.toString(widths));
        }
        Sequential s = new Sequential();
        for (int i = 0; i + 1 < widths.length; i++) {
            s.add(new Linear(widths[i], widths[i + 1], rng));
            if (i + 2 < widths.length) {
                s.add(new Activation(activation));
                if (dropout > 0) {
                    s.add(new Dropout(dropout, rng.split()));
                }
            }
        }
        this.layers = addModule("layers", s);
    }

    /** ReLU MLP without dropout. */
    public Mlp(Rng rng, int... widths) {
        this(widths, Activation.Kind.RELU, 0, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        return layers.forward(x);
    }
}
