package org.mimo4j.engine.nn;

import java.util.ArrayList;
import java.util.List;
import org.mimo4j.engine.tensor.Tensor;

/** Layers applied one after another; children are named "0", "1", ... unless a name is given. */
public final class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    public Sequential(Layer... layers) {
        for (Layer l : layers) {
            add(l);
        }
    }

    /** Appends {@code layer} under its index as name; returns this. */
    public Sequential add(Layer layer) {
        return add(Integer.toString(layers.size()), layer);
    }

    /** Appends {@code layer} under {@code name}; returns this. */
    public Sequential add(String name, Layer layer) {
        layers.add(addModule(name, layer));
        return this;
    }

    public int length() {
        return layers.size();
    }

    public Layer get(int index) {
        return layers.get(index);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Layer l : layers) {
            h = l.forward(h);
        }
        return h;
    }
}
