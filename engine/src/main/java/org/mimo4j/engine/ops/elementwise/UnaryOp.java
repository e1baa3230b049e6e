package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Shared plumbing of elementwise ops with one input: a subclass writes the forward loop and the
 * backward loop; this class saves the input and output arrays the backward needs.
 */
abstract class UnaryOp extends Node {
    private float[] x;
    private float[] y;

    UnaryOp(Tensor x) {
        super(x);
    }

    /** y[i] = f(x[i]). */
    abstract void forward(float[] x, float[] y);

    /** gx[i] = gy[i] * f'(x[i]), with y = f(x) at hand. */
    abstract void backward(float[] x, float[] y, float[] gy, float[] gx);

    final Tensor output() {
        Tensor in = input(0);
        x = in.data();
        y = new float[x.length];
        forward(x, y);
        return Tensor.fromOp(y, in.shape(), ifRecording());
    }

    @Override
    protected final float[][] backward(float[] gy) {
        float[] gx = new float[gy.length];
        backward(x, y, gy, gx);
        return new float[][] {gx};
    }
}
