package org.mimo4j.mimo.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mimo4j.engine.nn.Dropout;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A multi-layer perceptron encoder: flattens the input, then {@code layers} hidden ReLU layers of
 * {@code width} units (each followed by dropout when its probability is above 0) and a final ReLU
 * projection to the feature width. The cheapest encoder, for feature-vector modalities and for quick
 * runs on spectrograms and small images.
 */
public final class MlpEncoder implements Encoder {
    private final List<Dense> hidden = new ArrayList<>();
    private final Dense out;
    private final Dropout dropout;
    private final int inputSize;
    private final int featureDim;

    public MlpEncoder(ParameterSet params, Owner owner, int[] inputShape, int width, int layers, double dropout,
                      int featureDim, Rng rng) {
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
        // Split only when dropout is on, so a model without it is initialised exactly as before.
        this.dropout = dropout > 0 ? new Dropout(dropout, rng.split()) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x.reshape(x.size(0), inputSize);
        for (Dense d : hidden) {
            h = d.forward(h).relu();
            if (dropout != null) {
                h = dropout.forward(h);
            }
        }
        return out.forward(h).relu();
    }

    @Override
    public int featureDim() {
        return featureDim;
    }

    @Override
    public void train(boolean on) {
        if (dropout != null) {
            dropout.train(on);
        }
    }

    @Override
    public Map<String, Rng> rngs() {
        return dropout == null ? Map.of() : prefixed("dropout.", dropout.namedRngs());
    }

    /** {@code rngs} with {@code prefix} before every name, in order. */
    static Map<String, Rng> prefixed(String prefix, Map<String, Rng> rngs) {
        Map<String, Rng> out = new LinkedHashMap<>();
        rngs.forEach((name, r) -> out.put(prefix + name, r));
        return out;
    }
}
