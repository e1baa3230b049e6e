package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Tensor;

/** A row-major copy of a (strided) view; the gradient passes through unchanged. */
public final class Contiguous extends Node {
    private Contiguous(Tensor x) {
        super(x);
    }

    public static Tensor apply(Tensor x) {
        return Tensor.fromOp(x.data().clone(), x.shape(), new Contiguous(x).ifRecording());
    }

    @Override
    public String name() {
        return "contiguous";
    }

    @Override
    protected float[][] backward(float[] gy) {
        return new float[][] {gy};
    }
}
