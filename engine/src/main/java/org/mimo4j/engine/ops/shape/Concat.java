package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Joins tensors along an existing axis; all other sizes must agree. The gradient of each input is its
 * block of the output gradient. Seen as [outer, size * inner] matrices, each input is a block of
 * columns of the output: with device kernels the forward scatters every input into its block
 * ({@link DeviceKernels#scatter}) and the backward gathers the blocks of the gradient back out.
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
        Concat op = new Concat(xs, sizes, outer, inner);
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && Shapes.numel(outShape) > 0) {
            Storage[] parts = new Storage[xs.length];
            for (int t = 0; t < xs.length && parts.length > 0; t++) {
                parts[t] = sizes[t] == 0 ? null : Contiguous.onDevice(xs[t], dk);
                if (parts[t] == null && sizes[t] > 0) {
                    parts = new Storage[0]; // a view of too many axes: the host path
                }
            }
            if (parts.length > 0) {
                return Tensor.fromOp(op.onDevice(dk, parts, total), outShape, op.ifRecording());
            }
        }
        float[] y = new float[Shapes.numel(outShape)];
        int at = 0;
        for (int t = 0; t < xs.length; t++) {
            copyBlocks(xs[t].data(), 0, sizes[t] * inner, y, at * inner, total * inner, outer);
            at += sizes[t];
        }
        return Tensor.fromOp(y, outShape, op.ifRecording());
    }

    /** The output of {@code total} blocks along the axis, each input scattered into its columns. */
    private Storage onDevice(DeviceKernels dk, Storage[] parts, int total) {
        Storage y = dk.allocate(outer * total * inner);
        int at = 0;
        for (int t = 0; t < parts.length; t++) {
            if (sizes[t] > 0) {
                dk.scatter(new int[] {outer, sizes[t] * inner}, parts[t], y, at * inner, new int[] {total * inner, 1});
            }
            at += sizes[t];
        }
        return y;
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
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || gy.length() == 0) {
            return super.backward(gy, dk);
        }
        int total = gy.length() / (outer * inner);
        Storage[] g = new Storage[sizes.length];
        int at = 0;
        for (int t = 0; t < sizes.length; t++) {
            if (needs(t) && sizes[t] == 0) {
                g[t] = Storage.wrap(new float[0]);
            } else if (needs(t)) {
                g[t] = dk.allocate(outer * sizes[t] * inner);
                dk.gather(new int[] {outer, sizes[t] * inner}, gy, at * inner, new int[] {total * inner, 1}, g[t]);
            }
            at += sizes[t];
        }
        return g;
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
                g[t] = GradientArrays.takeZeroed(outer * sizes[t] * inner);
                copyBlocks(gy, at * inner, total * inner, g[t], 0, sizes[t] * inner, outer);
            }
            at += sizes[t];
        }
        return g;
    }
}
