package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Softmax along an axis, y_j = e^(x_j - max) / sum_k e^(x_k - max) (shifted for stability),
 * dx_j = y_j (dy_j - sum_k dy_k y_k); and its log variant, log-softmax,
 * y_j = x_j - max - log sum_k e^(x_k - max), dx_j = dy_j - e^(y_j) sum_k dy_k. One class holds both
 * because they share the line layout, the saved output and the device path, and differ in one line
 * of forward and backward each.
 *
 * <p>Both backwards need only the output, which is saved (on the device when the forward ran there).
 */
public final class Softmax extends Node {
    private final AxisLayout l;
    private final boolean log;
    private final Storage y;

    private Softmax(Tensor x, AxisLayout l, boolean log, Storage y) {
        super(x);
        this.l = l;
        this.log = log;
        this.y = y;
    }

    public static Tensor apply(Tensor x, int axis) {
        return apply(x, axis, false);
    }

    /** Softmax along {@code axis}, or log-softmax when {@code log}. */
    public static Tensor apply(Tensor x, int axis, boolean log) {
        AxisLayout l = AxisLayout.of(log ? "logSoftmax" : "softmax", x.shape(), axis);
        DeviceKernels dk = Backends.current().deviceKernels();
        Storage y;
        if (dk != null && x.dense() != null && x.numel() > 0) {
            y = dk.allocate(x.numel());
            dk.softmaxForward(l.outer(), l.len(), l.inner(), log, x.dense(), y);
        } else {
            float[] v = new float[x.numel()];
            hostForward(l.outer(), l.len(), l.inner(), log, x.data(), v);
            y = Storage.wrap(v);
        }
        return Tensor.fromOp(y, x.shape(), new Softmax(x, l, log, y).ifRecording());
    }

    /**
     * The host forward on arrays: softmax (log-softmax when {@code log}) of every line of x seen as
     * [outer, len, inner] along len, the max shifted out and the sum accumulated in double. The
     * reference the device kernels are held to.
     */
    public static void hostForward(int outer, int len, int inner, boolean log, float[] x, float[] y) {
        AxisLayout l = new AxisLayout(outer, len, inner);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    max = Math.max(max, x[l.at(o, j, i)]);
                }
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    sum += Math.exp(x[l.at(o, j, i)] - max);
                }
                double logSum = Math.log(sum);
                for (int j = 0; j < len; j++) {
                    int k = l.at(o, j, i);
                    y[k] = log ? (float) (x[k] - max - logSum) : (float) (Math.exp(x[k] - max) / sum);
                }
            }
        }
    }

    /**
     * The host backward on arrays, from the forward's output y: softmax gx = y (gy - sum gy y),
     * log-softmax gx = gy - e^y sum gy, the sums per line in double.
     */
    public static void hostBackward(int outer, int len, int inner, boolean log, float[] y, float[] gy, float[] gx) {
        AxisLayout l = new AxisLayout(outer, len, inner);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double dot = 0;
                for (int j = 0; j < len; j++) {
                    int k = l.at(o, j, i);
                    dot += log ? gy[k] : gy[k] * y[k];
                }
                for (int j = 0; j < len; j++) {
                    int k = l.at(o, j, i);
                    gx[k] = log ? (float) (gy[k] - Math.exp(y[k]) * dot) : (float) (y[k] * (gy[k] - dot));
                }
            }
        }
    }

    @Override
    public String name() {
        return log ? "logSoftmax" : "softmax";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || gy.length() == 0) {
            return super.backward(gy, dk);
        }
        Storage gx = dk.allocate(gy.length());
        dk.softmaxBackward(l.outer(), l.len(), l.inner(), log, y, gy, gx);
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = GradientArrays.takeZeroed(gy.length);
        hostBackward(l.outer(), l.len(), l.inner(), log, y.read(), gy, gx);
        return new float[][] {gx};
    }
}
