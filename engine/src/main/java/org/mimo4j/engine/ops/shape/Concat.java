package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Joins tensors along an existing axis; all other sizes must agree. The gradient of each input is its
 * block of the output gradient.
 */
public final class Concat extends Node {
    private final int[] sizes;
    private final int outer;
    private final int inner;

    private Concat(Tensor[] xs, int[] sizes, int outer, int inner) {
        super(xs.clone());
        this.sizes = sizes;
        this.outer = outer;
        this.inner = inner;
    }

    public static Tensor apply(int axis, Tensor... xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        int[] first = xs[0].shape();
        int a = Shapes.axis("concat", axis, first.length);
        int[] sizes = new int[xs.length];
        int total = 0;
        for (int t = 0; t < xs.length; t++) {
            int[] s = xs[t].shape();
            if (s.length != first.length) {
                throw new IllegalArgumentException("concat: tensor " + t + " has shape " + Shapes.str(s)
                        + ", rank differs from tensor 0's " + Shapes.str(first));
            }
            for (int d = 0; d < s.length; d++) {
                if (d != a && s[d] != first[d]) {
                    throw new IllegalArgumentException("concat along axis " + a + ": tensor " + t + " has shape "
                            + Shapes.str(s) + ", tensor 0 has " + Shapes.str(first) + " (axis " + d + " differs)");
                }
            }
            sizes[t] = s[a];
            total += s[a];
        }
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < first.length; d++) {
            if (d < a) {
                outer *= first[d];
            } else if (d > a) {
                inner *= first[d];
            }
        }
        int[] outShape = first.clone();
        outShape[a] = total;
        float[] y = new float[Shapes.numel(outShape)];
        int at = 0;
        for (int t = 0; t < xs.length; t++) {
            copyBlocks(xs[t].data(), 0, sizes[t] * inner, y, at * inner, total * inner, outer);
            at += sizes[t];
        }
        return Tensor.fromOp(y, outShape, new Concat(xs, sizes, outer, inner).ifRecording());
    }

    /** Copies {@code outer} blocks of {@code len} floats between arrays with the given block strides. */
    static void copyBlocks(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int outer) {
        int len = Math.min(srcStride, dstStride);
        for (int o = 0; o < outer; o++) {
            System.arraycopy(src, srcOff + o * srcStride, dst, dstOff + o * dstStride, len);
        }
    }

    @Override
    public String name() {
        return "concat";
    }

    @Override
    protected float[][] backward(float[] gy) {
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        float[][] g = new float[sizes.length][];
        int at = 0;
        for (int t = 0; t < sizes.length; t++) {
            if (needs(t)) {
                g[t] = new float[outer * sizes[t] * inner];
                copyBlocks(gy, at * inner, total * inner, g[t], 0, sizes[t] * inner, outer);
            }
            at += sizes[t];
        }
        return g;
    }
}
