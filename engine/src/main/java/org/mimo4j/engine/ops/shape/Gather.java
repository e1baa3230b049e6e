package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Picks one element along an axis per position of the other axes: for x of shape [..., C, ...] and
 * {@code index} with one entry per element of the result (x's shape without that axis, row-major),
 * out[p] = x[p with index[p] inserted at the axis]. Picking the label logits of [N, C] scores is
 * {@code gather(logits, 1, labels)}. The gradient scatters back to the picked elements.
 */
public final class Gather extends Node {
    private final int[] index;
    private final int axisSize;
    private final int inner;

    private Gather(Tensor x, int[] index, int axisSize, int inner) {
        super(x);
        this.index = index;
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
        float[] d = x.data();
        float[] y = new float[index.length];
        for (int p = 0; p < y.length; p++) {
            y[p] = d[source(p, index[p], shape[a], inner)];
        }
        return Tensor.fromOp(y, outShape, new Gather(x, index.clone(), shape[a], inner).ifRecording());
    }

    private static int source(int p, int i, int axisSize, int inner) {
        return ((p / inner) * axisSize + i) * inner + p % inner;
    }

    @Override
    public String name() {
        return "gather";
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = new float[input(0).numel()];
        for (int p = 0; p < gy.length; p++) {
            gx[source(p, index[p], axisSize, inner)] += gy[p];
        }
        return new float[][] {gx};
    }
}
