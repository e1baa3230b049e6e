package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Joins equally shaped tensors along a new axis. Composed: each input gets a size-1 axis
 * ({@link Reshape}) and the results are {@link Concat}enated, so the gradient is theirs.
 */
public final class Stack {
    private Stack() {
    }

    public static Tensor apply(int axis, Tensor... xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        int[] first = xs[0].shape();
        int a = Shapes.axis("stack", axis, first.length + 1);
        int[] unsqueezed = new int[first.length + 1];
        for (int d = 0, s = 0; d < unsqueezed.length; d++) {
            unsqueezed[d] = d == a ? 1 : first[s++];
        }
        Tensor[] parts = new Tensor[xs.length];
        for (int t = 0; t < xs.length; t++) {
            if (!java.util.Arrays.equals(xs[t].shape(), first)) {
                throw new IllegalArgumentException("stack: tensor " + t + " has shape " + Shapes.str(xs[t].shape())
                        + ", tensor 0 has " + Shapes.str(first) + "; all must be equal");
            }
            parts[t] = xs[t].reshape(unsqueezed);
        }
        return Concat.apply(a, parts);
    }
}
