package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Shared plumbing of elementwise ops with two broadcast inputs: both are broadcast to the result
 * shape, a subclass writes the loops over equal-length arrays, and this class sums each input's
 * gradient back down to that input's shape.
 */
abstract class BinaryOp extends Node {
    private float[] a;
    private float[] b;
    private float[] y;
    private int[] shape;

    BinaryOp(Tensor a, Tensor b) {
        super(a, b);
    }

    abstract void forward(float[] a, float[] b, float[] y);

    /** Full-shape gradients; {@code ga} or {@code gb} is null when that input needs none. */
    abstract void backward(float[] a, float[] b, float[] y, float[] gy, float[] ga, float[] gb);

    final Tensor output() {
        Tensor ta = input(0);
        Tensor tb = input(1);
        shape = Shapes.broadcast(name(), ta.shape(), tb.shape());
        a = Strided.broadcastTo(ta.data(), ta.shape(), shape);
        b = Strided.broadcastTo(tb.data(), tb.shape(), shape);
        y = new float[a.length];
        forward(a, b, y);
        return Tensor.fromOp(y, shape, ifRecording());
    }

    @Override
    protected final float[][] backward(float[] gy) {
        float[] ga = needs(0) ? new float[gy.length] : null;
        float[] gb = needs(1) ? new float[gy.length] : null;
        backward(a, b, y, gy, ga, gb);
        return new float[][] {
            ga == null ? null : reduceToInput(ga, shape, 0),
            gb == null ? null : reduceToInput(gb, shape, 1)};
    }
}
