package org.mimo4j.mimo.model;

import java.util.Map;

import org.mimo4j.engine.nn.Layer;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * An encoder backed by one of the engine's layers (LeNet, ResNet-18): its parameters are registered
 * under the modality's "encoders.&lt;name&gt;." prefix with their own dotted names, and its
 * training mode and buffers are passed through.
 */
public final class ModuleEncoder implements Encoder {
    private final Layer layer;
    private final int featureDim;

    public ModuleEncoder(ParameterSet params, Owner owner, Layer layer, int featureDim) {
        this.layer = layer;
        this.featureDim = featureDim;
        for (Map.Entry<String, Parameter> e : layer.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            params.add(owner.group(e.getKey(), p.numel(), p.shape().length), p);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        return layer.forward(x);
    }

    @Override
    public int featureDim() {
        return featureDim;
    }

    @Override
    public void train(boolean on) {
        layer.train(on);
    }

    @Override
    public Map<String, Tensor> buffers() {
        return layer.namedBuffers();
    }

    @Override
    public Map<String, Rng> rngs() {
        return layer.namedRngs();
    }
}
