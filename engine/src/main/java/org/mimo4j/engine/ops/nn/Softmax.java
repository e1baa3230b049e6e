package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Softmax along an axis, y_j = e^(x_j - max) / sum_k e^(x_k - max) (shifted for stability);
 * dx_j = y_j (dy_j - sum_k dy_k y_k).
 */
public final class Softmax extends Node {
    private final AxisLayout l;
    private final float[] y;

    private Softmax(Tensor x, AxisLayout l, float[] y) {
        super(x);
        this.l = l;
        this.y = y;
    }

    public static Tensor apply(Tensor x, int axis) {
        AxisLayout l = AxisLayout.of("softmax", x.shape(), axis);
        float[] y = LogSoftmax.compute(x.data(), l, false);
        return Tensor.fromOp(y, x.shape(), new Softmax(x, l, y).ifRecording());
    }

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = new float[gy.length];
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                double dot = 0;
                for (int j = 0; j < l.len(); j++) {
                    dot += gy[l.at(o, j, i)] * y[l.at(o, j, i)];
                }
                for (int j = 0; j < l.len(); j++) {
                    int k = l.at(o, j, i);
                    gx[k] = (float) (y[k] * (gy[k] - dot));
                }
            }
        }
        return new float[][] {gx};
    }
}
