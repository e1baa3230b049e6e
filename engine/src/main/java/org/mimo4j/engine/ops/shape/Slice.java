package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Elements {@code [start, end)} along one axis, as a view. The gradient scatters the output gradient
 * into zeros of the input's shape.
 */
public final class Slice extends Node {
    private final int axis;
    private final int start;
    private final int[] outShape;

    private Slice(Tensor x, int axis, int start, int[] outShape) {
        super(x);
        this.axis = axis;
        this.start = start;
        this.outShape = outShape;
    }

    public static Tensor apply(Tensor x, int axis, int start, int end) {
        int a = Shapes.axis("slice", axis, x.dim());
        int n = x.size(a);
        if (start < 0 || end > n || start > end) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is outside axis " + a
                    + " of size " + n + " in " + Shapes.str(x.shape()));
        }
        int[] shape = x.shape();
        shape[a] = end - start;
        int offset = x.offset() + start * x.strides()[a];
        return Tensor.view(x, offset, shape, x.strides(), new Slice(x, a, start, shape).ifRecording());
    }

    @Override
    public String name() {
        return "slice";
    }

    @Override
    protected float[][] backward(float[] gy) {
        int[] inShape = input(0).shape();
        int[] inStrides = Shapes.contiguousStrides(inShape);
        int[] off = Strided.offsets(outShape, inStrides, start * inStrides[axis]);
        float[] gx = new float[Shapes.numel(inShape)];
        for (int i = 0; i < off.length; i++) {
            gx[off[i]] = gy[i];
        }
        return new float[][] {gx};
    }
}
