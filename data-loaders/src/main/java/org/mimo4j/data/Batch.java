package org.mimo4j.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mimo4j.engine.tensor.Tensor;

/**
 * One mini-batch: per modality a tensor of shape {@code [batch, ...sampleShape]}, the labels, and
 * the dataset indices the rows came from (so evaluation can trace a prediction back to its sample).
 */
public record Batch(Map<String, Tensor> inputs, int[] labels, int[] indices) {

    public Batch {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        if (labels.length != indices.length) {
            throw new IllegalArgumentException("batch has " + labels.length + " labels but " + indices.length + " indices");
        }
    }

    /** The input tensor of modality {@code name}; fails naming the modalities present. */
    public Tensor input(String name) {
        Tensor t = inputs.get(name);
        if (t == null) {
            throw new IllegalArgumentException("batch has no modality '" + name + "'; it has " + inputs.keySet());
        }
        return t;
    }

    /** Number of samples in the batch. */
    public int size() {
        return labels.length;
    }
}
