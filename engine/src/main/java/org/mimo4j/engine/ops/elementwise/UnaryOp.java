package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Shared plumbing of elementwise ops with one input: a subclass writes the forward loop and the
 * backward loop; this class saves the input and output storages the backward needs, and runs the
 * subclass's device kernels instead when it has them ({@link DeviceUnary}) and the backend does.
 */
abstract class UnaryOp extends Node {
    private Storage x;
    private Storage y;

    UnaryOp(Tensor x) {
        super(x);
    }

    /** y[i] = f(x[i]). */
    abstract void forward(float[] x, float[] y);

    /** gx[i] = gy[i] * f'(x[i]), with y = f(x) at hand. */
    abstract void backward(float[] x, float[] y, float[] gy, float[] gx);

    final Tensor output() {
        Tensor in = input(0);
        DeviceKernels dk = Backends.current().deviceKernels();
        if (this instanceof DeviceUnary d && dk != null && in.dense() != null && in.numel() > 0) {
            x = in.dense();
            y = dk.allocate(x.length());
            d.forward(dk, x, y);
        } else {
            float[] xv = in.data();
            float[] yv = new float[xv.length];
            forward(xv, yv);
            x = saved(in, xv);
            y = Storage.wrap(yv);
        }
        return Tensor.fromOp(y, in.shape(), ifRecording());
    }

    @Override
    protected final Storage[] backward(Storage gy, DeviceKernels dk) {
        if (this instanceof DeviceUnary d && dk != null && gy.length() > 0) {
            Storage gx = dk.allocate(gy.length());
            d.backward(dk, x, gy, gx);
            return new Storage[] {gx};
        }
        return super.backward(gy, dk);
    }

    @Override
    protected final float[][] backward(float[] gy) {
        float[] gx = new float[gy.length];
        backward(x.read(), y.read(), gy, gx);
        return new float[][] {gx};
    }
}
