package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Affine map y = x W^T + b over the last axis: x [..., in], W [out, in], b [out] or null. Leading axes
 * are flattened into rows, so forward and each gradient is one {@link Backend#sgemm}:
 * dx = dy W, dW = dy^T x, db = column sums of dy. With a device backend and dense inputs the same
 * products run on the device ({@link DeviceKernels#sgemm}, the bias through addRowVector and sumRows).
 */
public final class Linear extends Node {
    private final Storage x;
    private final Storage w;
    private final int rows;
    private final int in;
    private final int out;

    private Linear(Tensor tx, Tensor tw, Tensor tb, Storage x, Storage w, int rows, int in, int out) {
        super(tx, tw, tb);
        this.x = x;
        this.w = w;
        this.rows = rows;
        this.in = in;
        this.out = out;
    }

    public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        int[] xs = x.shape();
        int[] ws = weight.shape();
        if (ws.length != 2 || xs.length == 0 || xs[xs.length - 1] != ws[1]) {
            throw new IllegalArgumentException("linear: input " + Shapes.str(xs) + " does not fit weight " + Shapes.str(ws)
                    + " (expected weight [out, in] with in = the input's last size)");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != ws[0])) {
            throw new IllegalArgumentException("linear: bias " + Shapes.str(bias.shape()) + " must be [" + ws[0] + "]");
        }
        int in = ws[1];
        int out = ws[0];
        int rows = in == 0 ? Shapes.numel(xs) : Shapes.numel(xs) / in;
        int[] ys = xs.clone();
        ys[ys.length - 1] = out;
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && rows > 0 && out > 0 && in > 0 && x.dense() != null && weight.dense() != null
                && (bias == null || bias.dense() != null)) {
            Storage y = dk.allocate(rows * out);
            dk.sgemm(false, true, rows, out, in, 1f, x.dense(), 0, in, 0, weight.dense(), 0, in, 0,
                    0f, y, 0, out, 0, 1);
            if (bias != null) {
                dk.addRowVector(bias.dense(), rows, out, y);
            }
            Linear op = new Linear(x, weight, bias, x.dense(), weight.dense(), rows, in, out);
            return Tensor.fromOp(y, ys, op.ifRecording());
        }
        float[] xd = x.data();
        float[] wd = weight.data();
        float[] y = new float[rows * out];
        if (bias != null) {
            float[] b = bias.data();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(b, 0, y, r * out, out);
            }
        }
        if (rows > 0 && out > 0 && in > 0) {
            Backends.current().sgemm(false, true, rows, out, in, 1f, xd, 0, in, 0, wd, 0, in, 0,
                    1f, y, 0, out, 0, 1);
        }
        Linear op = new Linear(x, weight, bias, saved(x, xd), saved(weight, wd), rows, in, out);
        return Tensor.fromOp(y, ys, op.ifRecording());
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || rows == 0 || out == 0 || in == 0) {
            return super.backward(gy, dk);
        }
        Storage[] g = new Storage[3];
        if (needs(0)) {
            g[0] = dk.allocate(rows * in);
            dk.sgemm(false, false, rows, in, out, 1f, gy, 0, out, 0, w, 0, in, 0, 0f, g[0], 0, in, 0, 1);
        }
        if (needs(1)) {
            g[1] = dk.allocate(out * in);
            dk.sgemm(true, false, out, in, rows, 1f, gy, 0, out, 0, x, 0, in, 0, 0f, g[1], 0, in, 0, 1);
        }
        if (needs(2)) {
            g[2] = dk.allocate(out);
            dk.sumRows(gy, rows, out, g[2]);
        }
        return g;
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[][] g = new float[3][];
        Backend be = Backends.current();
        boolean work = rows > 0 && out > 0 && in > 0;
        if (needs(0)) {
            g[0] = GradientArrays.take(rows * in, work);
            if (work) {
                be.sgemm(false, false, rows, in, out, 1f, gy, 0, out, 0, w.read(), 0, in, 0, 0f, g[0], 0, in, 0, 1);
            }
        }
        if (needs(1)) {
            g[1] = GradientArrays.take(out * in, work);
            if (work) {
                be.sgemm(true, false, out, in, rows, 1f, gy, 0, out, 0, x.read(), 0, in, 0, 0f, g[1], 0, in, 0, 1);
            }
        }
        if (needs(2)) {
            g[2] = GradientArrays.takeZeroed(out);
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < out; o++) {
                    g[2][o] += gy[r * out + o];
                }
            }
        }
        return g;
    }
}
