package org.mimo4j.engine.ops.shape;

import java.util.Arrays;
import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Picks one element along an axis per position of the other axes: for x of shape [..., C, ...] and
 * {@code index} with one entry per element of the result (x's shape without that axis, row-major),
 * out[p] = x[p with index[p] inserted at the axis]. Picking the label logits of [N, C] scores is
 * {@code gather(logits, 1, labels)}. The gradient scatters back to the picked elements.
 *
 * <p>On a device backend (dense x) the indices go up once per call, as exact floats, and serve the
 * forward (DeviceKernels.gatherAxis) and the backward (gatherAxisBackward). Each element of x is
 * picked by at most one output position (the one with its outer and inner coordinates), so the
 * backward sums nothing and needs no inverse map.
 */
public final class Gather extends Node {
    private final int[] index;
    private final int axisSize;
    private final int inner;
    private Storage indexValues;

    private Gather(Tensor x, int[] index, Storage indexValues, int axisSize, int inner) {
        super(x);
        this.index = index;
        this.indexValues = indexValues;
        this.axisSize = axisSize;
        this.inner = inner;
    }

    public static Tensor apply(Tensor x, int axis, int[] index) {
        int[] shape = x.shape();
        int a = Shapes.axis("gather", axis, shape.length);
        int[] outShape = new int[shape.length - 1];
        int outer = 1;
        int inner = 1;
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (d != a) {
                outShape[j++] = shape[d];
            }
            if (d < a) {
                outer *= shape[d];
            } else if (d > a) {
                inner *= shape[d];
            }
        }
        if (index.length != outer * inner) {
            throw new IllegalArgumentException("gather: " + index.length + " indices given for a result of shape "
                    + Shapes.str(outShape) + " (" + outer * inner + " elements) from " + Shapes.str(shape));
        }
        IndexSelect.checkIndices("gather", index, shape[a], a);
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && x.dense() != null && index.length > 0 && shape[a] <= IndexSelect.MAX_DEVICE_INDEX) {
            Storage values = IndexSelect.indexValues(index);
            Storage y = dk.allocate(index.length);
            dk.gatherAxis(shape[a], inner, x.dense(), values, y);
            return Tensor.fromOp(y, outShape, new Gather(x, index.clone(), values, shape[a], inner).ifRecording());
        }
        float[] y = new float[index.length];
        hostForward(shape[a], inner, x.data(), index, y);
        return Tensor.fromOp(y, outShape, new Gather(x, index.clone(), null, shape[a], inner).ifRecording());
    }

    /**
     * The host forward (the reference of DeviceKernels.gatherAxis): y[p] = x[o, index[p], i] for x seen
     * as [outer, axisSize, inner] and p = o inner + i.
     */
    public static void hostForward(int axisSize, int inner, float[] x, int[] index, float[] y) {
        for (int p = 0; p < y.length; p++) {
            y[p] = x[source(p, index[p], axisSize, inner)];
        }
    }

    /** The host backward (the reference of DeviceKernels.gatherAxisBackward): gx zeroed, then gx[source of p] += gy[p]. */
    public static void hostBackward(int axisSize, int inner, int[] index, float[] gy, float[] gx) {
        Arrays.fill(gx, 0f);
        for (int p = 0; p < gy.length; p++) {
            gx[source(p, index[p], axisSize, inner)] += gy[p];
        }
    }

    private static int source(int p, int i, int axisSize, int inner) {
        return ((p / inner) * axisSize + i) * inner + p % inner;
    }

    @Override
    public String name() {
        return "gather";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        int inSize = index.length * axisSize;
        if (dk == null || inSize == 0 || axisSize > IndexSelect.MAX_DEVICE_INDEX) {
            return super.backward(gy, dk);
        }
        if (indexValues == null) {
            indexValues = IndexSelect.indexValues(index);
        }
        Storage gx = dk.allocate(inSize);
        dk.gatherAxisBackward(axisSize, inner, indexValues, gy, gx);
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = GradientArrays.takeZeroed(index.length * axisSize);
        hostBackward(axisSize, inner, index, gy, gx);
        return new float[][] {gx};
    }
}
