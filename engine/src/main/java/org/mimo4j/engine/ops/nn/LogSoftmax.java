package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Log-softmax along an axis, y_j = x_j - log sum_k e^(x_k) (computed with the max shifted out);
 * dx_j = dy_j - softmax_j sum_k dy_k.
 */
public final class LogSoftmax extends Node {
    private final AxisLayout l;
    private final float[] y;

    private LogSoftmax(Tensor x, AxisLayout l, float[] y) {
        super(x);
        this.l = l;
        this.y = y;
    }

    public static Tensor apply(Tensor x, int axis) {
        AxisLayout l = AxisLayout.of("logSoftmax", x.shape(), axis);
        float[] y = compute(x.data(), l, true);
        return Tensor.fromOp(y, x.shape(), new LogSoftmax(x, l, y).ifRecording());
    }

    /** Softmax or log-softmax of every line along the layout's axis, accumulated in double. */
    static float[] compute(float[] x, AxisLayout l, boolean log) {
        float[] y = new float[x.length];
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < l.len(); j++) {
                    max = Math.max(max, x[l.at(o, j, i)]);
                }
                double sum = 0;
                for (int j = 0; j < l.len(); j++) {
                    sum += Math.exp(x[l.at(o, j, i)] - max);
                }
                double logSum = Math.log(sum);
                for (int j = 0; j < l.len(); j++) {
                    int k = l.at(o, j, i);
                    y[k] = log ? (float) (x[k] - max - logSum) : (float) (Math.exp(x[k] - max) / sum);
                }
            }
        }
        return y;
    }

    @Override
    public String name() {
        return "logSoftmax";
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = new float[gy.length];
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                double sum = 0;
                for (int j = 0; j < l.len(); j++) {
                    sum += gy[l.at(o, j, i)];
                }
                for (int j = 0; j < l.len(); j++) {
                    int k = l.at(o, j, i);
                    gx[k] = (float) (gy[k] - Math.exp(y[k]) * sum);
                }
            }
        }
        return new float[][] {gx};
    }
}
