package org.mimo4j.engine.ops.shape;

import java.util.Arrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Reorders axes as a view: output axis i is input axis perm[i] (transpose swaps two). The gradient is
 * the output gradient permuted back: a gather with the inverse permutation's strides, on the device
 * ({@link DeviceKernels#gather}) when the backend has device kernels.
 */
public final class Permute extends Node {
    private final int[] perm;
    private final int[] outShape;

    private Permute(Tensor x, int[] perm, int[] outShape) {
        super(x);
        this.perm = perm;
        this.outShape = outShape;
    }

    public static Tensor apply(Tensor x, int... axes) {
        int rank = x.dim();
        if (axes.length != rank) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " has " + axes.length
                    + " axes, the tensor " + Shapes.str(x.shape()) + " has " + rank);
        }
        int[] perm = new int[rank];
        boolean[] used = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = Shapes.axis("permute", axes[i], rank);
            if (used[perm[i]]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " is not a permutation");
            }
            used[perm[i]] = true;
        }
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] outShape = new int[rank];
        int[] outStrides = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[perm[i]];
            outStrides[i] = strides[perm[i]];
        }
        return Tensor.view(x, x.offset(), outShape, outStrides, new Permute(x, perm, outShape).ifRecording());
    }

    @Override
    public String name() {
        return "permute";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || gy.length() == 0 || perm.length > DeviceKernels.MAX_RANK) {
            return super.backward(gy, dk);
        }
        Storage gx = dk.allocate(gy.length());
        dk.gather(input(0).shape(), gy, 0, gradientStrides(), gx);
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        return new float[][] {Strided.materialise(gy, input(0).shape(), gradientStrides(), 0)};
    }

    /** The strides that read the row-major output gradient in the input's axis order. */
    private int[] gradientStrides() {
        int[] gyStrides = Shapes.contiguousStrides(outShape);
        int[] inStrides = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inStrides[perm[i]] = gyStrides[i];
        }
        return inStrides;
    }
}
