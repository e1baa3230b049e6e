package org.mimo4j.engine.nn;

import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Tensor;

/** [n, c, h, w] -> [n, c]: the mean of each channel, the usual head of a ResNet. */
public final class GlobalAvgPool extends Layer {
    @Override
    public Tensor forward(Tensor x) {
        return F.globalAvgPool(x);
    }
}
