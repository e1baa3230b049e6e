package org.mimo4j.engine.nn;

import org.mimo4j.engine.tensor.Tensor;

/**
 * A module that maps one tensor to one tensor, so that layers can be chained by {@link Sequential}.
 * Modules with other signatures (several inputs, a batch of modalities) extend {@link Module} directly.
 */
public abstract class Layer extends Module {

    /** Applies the layer; records a graph when grad mode is on. */
    public abstract Tensor forward(Tensor x);
}
