package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Broadcasts size-1 axes (and new leading axes) to a larger shape as a view with stride 0; a size of
 * -1 keeps the input's size. The gradient sums over the broadcast axes, on the device
 * ({@link DeviceKernels#sumTo}) when the backend has device kernels.
 */
public final class Expand extends Node {
    private final int[] outShape;

    private Expand(Tensor x, int[] outShape) {
        super(x);
        this.outShape = outShape;
    }

    public static Tensor apply(Tensor x, int... newShape) {
        int[] in = x.shape();
        int[] shape = newShape.clone();
        int lead = shape.length - in.length;
        for (int i = lead; i < shape.length && lead >= 0; i++) {
            if (shape[i] == -1) {
                shape[i] = in[i - lead];
            }
        }
        if (!Shapes.broadcastsTo(in, shape)) {
            throw new IllegalArgumentException("expand: cannot expand " + Shapes.str(in) + " to " + Shapes.str(newShape)
                    + " (only size-1 axes and new leading axes can grow)");
        }
        int[] inStrides = x.strides();
        int[] strides = new int[shape.length];
        for (int i = lead; i < shape.length; i++) {
            strides[i] = in[i - lead] == 1 && shape[i] != 1 ? 0 : inStrides[i - lead];
        }
        return Tensor.view(x, x.offset(), shape, strides, new Expand(x, shape).ifRecording());
    }

    @Override
    public String name() {
        return "expand";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        int[] in = input(0).shape();
        if (dk == null || gy.length() == 0 || outShape.length > DeviceKernels.MAX_RANK) {
            return super.backward(gy, dk);
        }
        if (gy.length() == Shapes.numel(in)) {
            return new Storage[] {gy}; // only size-1 axes were added: the same row-major values
        }
        Storage gx = dk.allocate(Shapes.numel(in));
        dk.sumTo(outShape, gy, in, gx);
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        return new float[][] {Strided.sumTo(gy, outShape, input(0).shape())};
    }
}
