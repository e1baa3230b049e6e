package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Picks whole slices along an axis by index (repeats allowed): out[..., j, ...] = x[..., idx[j], ...].
 * The gradient scatter-adds back, so a repeated index receives the sum of its gradients.
 */
public final class IndexSelect extends Node {
    private final int[] index;
    private final int outer;
    private final int axisSize;
    private final int inner;

    private IndexSelect(Tensor x, int[] index, int outer, int axisSize, int inner) {
        super(x);
        this.index = index;
        this.outer = outer;
        this.axisSize = axisSize;
        this.inner = inner;
    }

    public static Tensor apply(Tensor x, int axis, int[] index) {
        int[] shape = x.shape();
        int a = Shapes.axis("indexSelect", axis, shape.length);
        checkIndices("indexSelect", index, shape[a], a);
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < shape.length; d++) {
            if (d < a) {
                outer *= shape[d];
            } else if (d > a) {
                inner *= shape[d];
            }
        }
        float[] d = x.data();
        int[] outShape = shape.clone();
        outShape[a] = index.length;
        float[] y = new float[Shapes.numel(outShape)];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < index.length; j++) {
                System.arraycopy(d, (o * shape[a] + index[j]) * inner, y, (o * index.length + j) * inner, inner);
            }
        }
        return Tensor.fromOp(y, outShape, new IndexSelect(x, index.clone(), outer, shape[a], inner).ifRecording());
    }

    static void checkIndices(String op, int[] index, int size, int axis) {
        for (int j = 0; j < index.length; j++) {
            if (index[j] < 0 || index[j] >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + index[j] + " at position " + j
                        + " is outside [0, " + size + ") along axis " + axis);
            }
        }
    }

    @Override
    public String name() {
        return "indexSelect";
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = new float[outer * axisSize * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < index.length; j++) {
                int src = (o * index.length + j) * inner;
                int dst = (o * axisSize + index[j]) * inner;
                for (int i = 0; i < inner; i++) {
                    gx[dst + i] += gy[src + i];
                }
            }
        }
        return new float[][] {gx};
    }
}
