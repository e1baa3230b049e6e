package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Elements {@code [start, end)} along one axis, as a view. The gradient scatters the output gradient
 * into zeros of the input's shape, on the device ({@link DeviceKernels#scatter}) when the backend has
 * device kernels.
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
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        int[] inShape = input(0).shape();
        if (dk == null || Shapes.numel(inShape) == 0 || inShape.length > DeviceKernels.MAX_RANK) {
            return super.backward(gy, dk);
        }
        int[] inStrides = Shapes.contiguousStrides(inShape);
        Storage gx = dk.allocate(Shapes.numel(inShape));
        dk.fill(gx, 0f);
        if (gy.length() > 0) {
            dk.scatter(outShape, gy, gx, start * inStrides[axis], inStrides);
        }
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        int[] inShape = input(0).shape();
        int[] inStrides = Shapes.contiguousStrides(inShape);
        float[] gx = GradientArrays.takeZeroed(Shapes.numel(inShape));
        Strided.scatter(gy, outShape, gx, inStrides, start * inStrides[axis]);
        return new float[][] {gx};
    }
}
