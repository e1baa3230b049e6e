package org.mimo4j.mimo.model;

import java.util.Map;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Maps one modality's batch [batch, ...input shape] to features z_m of shape [batch, featureDim]. Its
 * parameters are registered with the model's {@link ParameterSet} under "encoders.&lt;modality&gt;".
 */
public interface Encoder {

    /** Features of the batch {@code x}. */
    Tensor forward(Tensor x);

    /** Width of the feature vector. */
    int featureDim();

    /** Switches training behaviour (batch-norm statistics, dropout) on or off. */
    default void train(boolean on) {
    }

    /** Non-trainable state that checkpoints must keep (batch-norm running statistics), by local name. */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /** Random generators the encoder draws from while training (dropout masks), by local name, for checkpoints. */
    default Map<String, Rng> rngs() {
        return Map.of();
    }
}
