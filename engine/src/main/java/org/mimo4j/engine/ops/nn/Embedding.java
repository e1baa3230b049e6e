package org.mimo4j.engine.ops.nn;

import java.util.Arrays;
import org.mimo4j.engine.ops.shape.IndexSelect;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Looks up rows of an embedding table: weight [vocab, dim] and token ids of shape {@code idShape}
 * give [idShape..., dim]. Composed of {@link IndexSelect} on axis 0 and a reshape, so the gradient
 * scatter-adds into the used rows, and on a device backend both run there (IndexSelect's device path:
 * the ids go up with the forward, their inverse map with the backward; the reshape is a view).
 */
public final class Embedding {
    private Embedding() {
    }

    public static Tensor apply(Tensor weight, int[] ids, int... idShape) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("embedding: weight " + Shapes.str(weight.shape()) + " must be [vocab, dim]");
        }
        if (Shapes.numel(idShape) != ids.length) {
            throw new IllegalArgumentException("embedding: " + ids.length + " ids do not fill shape " + Shapes.str(idShape));
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= weight.size(0)) {
                throw new IndexOutOfBoundsException("embedding: id " + ids[i] + " at position " + i
                        + " is outside the vocabulary [0, " + weight.size(0) + ")");
            }
        }
        int[] outShape = Arrays.copyOf(idShape, idShape.length + 1);
        outShape[idShape.length] = weight.size(1);
        return IndexSelect.apply(weight, 0, ids).reshape(outShape);
    }
}
