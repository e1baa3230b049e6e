package org.mimo4j.engine.ops.reduce;

import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Strided;

/**
 * Where each input element of a reduction lands: {@link #target} maps every row-major input index to
 * the row-major index of its output element, so sum, mean and max are single passes over the input.
 */
final class ReducePlan {
    final int[] inShape;
    final int[] outShape;
    final int[] target;
    final int outSize;

    ReducePlan(String op, int[] inShape, boolean keepdim, int[] axes) {
        this.inShape = inShape;
        boolean[] reduced = Shapes.axesMask(op, axes, inShape.length);
        int[] kept = new int[inShape.length];
        int rank = 0;
        for (int i = 0; i < inShape.length; i++) {
            kept[i] = reduced[i] ? 1 : inShape[i];
            rank += reduced[i] ? 0 : 1;
        }
        int[] keptStrides = Shapes.contiguousStrides(kept);
        for (int i = 0; i < inShape.length; i++) {
            if (reduced[i]) {
                keptStrides[i] = 0;
            }
        }
        target = Strided.offsets(inShape, keptStrides, 0);
        outSize = Shapes.numel(kept);
        if (keepdim) {
            outShape = kept;
        } else {
            outShape = new int[rank];
            for (int i = 0, j = 0; i < inShape.length; i++) {
                if (!reduced[i]) {
                    outShape[j++] = inShape[i];
                }
            }
        }
    }

    /** How many input elements feed each output element. */
    int groupSize() {
        return outSize == 0 ? 0 : target.length / outSize;
    }
}
