package org.mimo4j.mimo.model;

import java.util.ArrayList;
import java.util.List;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A multi-layer perceptron encoder: flattens the input, then {@code layers} hidden ReLU layers of
 * {@code width} units and a final ReLU projection to the feature width. The cheapest encoder, for
 * feature-vector modalities and for quick runs on spectrograms and small images.
 */
public final class MlpEncoder implements Encoder {
    private final List<Dense> hidden = new ArrayList<>();
    private final Dense out;
    private final int inputSize;
    private final int featureDim;

    public MlpEncoder(ParameterSet params, Owner owner, int[] inputShape, int width, int layers, int featureDim, Rng rng) {
        int in = 1;
        for (int d : inputShape) {
            in *= d;
        }
        this.inputSize = in;
        this.featureDim = featureDim;
        int prev = in;
        for (int i = 0; i < layers; i++) {
            hidden.add(new Dense(params, owner, "layer" + i, prev, width, rng));
            prev = width;
        }
        out = new Dense(params, owner, "out", prev, featureDim, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x.reshape(x.size(0), inputSize);
        for (Dense d : hidden) {
            h = d.forward(h).relu();
        }
        return out.forward(h).relu();
    }

    @Override
    public int featureDim() {
        return featureDim;
    }
}
