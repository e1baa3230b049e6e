package org.mimo4j.mimo.model;

import java.util.List;

/**
 * Builds a {@link MultiModalModel} from the model section of a run config: the encoder type per
 * modality and the fusion. The name lists are what config validation accepts.
 */
public final class ModelFactory {
    /** Encoder architectures a config may name. */
    public static final List<String> ENCODERS = List.of("mlp", "lenet", "resnet18", "transformer");
    /** Fusion operators a config may name. */
    public static final List<String> FUSIONS = List.of("concat", "sum", "film", "gated");

    private ModelFactory() {
    }
}
