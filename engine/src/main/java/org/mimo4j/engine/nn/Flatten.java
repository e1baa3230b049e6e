package org.mimo4j.engine.nn;

import org.mimo4j.engine.tensor.Tensor;

/** [n, d1, d2, ...] -> [n, d1 * d2 * ...], between convolutional features and linear layers. */
public final class Flatten extends Layer {
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 1) {
            throw new IllegalArgumentException("Flatten needs a batch axis, got a scalar");
        }
        int n = x.size(0);
        return x.reshape(n, n == 0 ? 0 : x.numel() / n);
    }
}
