package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.PoolShape;
import org.mimo4j.engine.ops.HostChunks;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Max pooling over square windows in NCHW ([n, c, h, w] -> [n, c, oh, ow]); padding never wins (it
 * counts as -infinity). The gradient goes to the first maximal element of each window.
 *
 * <p>The host path saves the argmax of every window. The device path saves x instead and its
 * backward kernel finds the argmax again, so no index buffer has to cross or be kept.
 */
public final class MaxPool2d extends Node {
    private final PoolShape p;
    private int[] argmax;
    private final Storage x;

    private MaxPool2d(Tensor in, PoolShape p, int[] argmax, Storage x) {
        super(in);
        this.p = p;
        this.argmax = argmax;
        this.x = x;
    }

    public static Tensor apply(Tensor x, int kernel, int stride, int padding) {
        PoolShape p = Pooling.shape("maxPool2d", x.shape(), kernel, stride, padding);
        DeviceKernels dk = Backends.current().deviceKernels();
        Storage xs = x.dense();
        if (dk != null && xs != null && p.outputSize() > 0) {
            Storage y = dk.allocate(p.outputSize());
            dk.maxPool2dForward(p, xs, y);
            return Tensor.fromOp(y, Pooling.outShape(p), new MaxPool2d(x, p, null, xs).ifRecording());
        }
        float[] y = new float[p.outputSize()];
        int[] arg = new int[y.length];
        hostForward(p, x.data(), y, arg);
        return Tensor.fromOp(y, Pooling.outShape(p), new MaxPool2d(x, p, arg, null).ifRecording());
    }

    /**
     * The host forward on arrays: each window's maximum into y and the index into x of its first maximal
     * element into argmax (padding never wins); the reference the device kernels are held to.
     */
    public static void hostForward(PoolShape p, float[] x, float[] y, int[] argmax) {
        MaxPoolWindows.pool(p, x, y, argmax);
    }

    @Override
    public String name() {
        return "maxPool2d";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || x == null) {
            return super.backward(gy, dk);
        }
        Storage gx = dk.allocate(p.inputSize());
        dk.maxPool2dBackward(p, x, gy, gx);
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        if (argmax == null) {
            // the forward ran on a device backend and the backend changed since: find the argmax here
            argmax = new int[gy.length];
            MaxPoolWindows.pool(p, x.read(), new float[gy.length], argmax);
        }
        float[] gx = GradientArrays.takeZeroed(p.inputSize());
        int[] arg = argmax;
        int planeOut = p.outH() * p.outW();
        // A window's argmax lies in its own plane, so chunks of planes scatter into disjoint parts of gx.
        HostChunks.forEach(p.n() * p.c(), MaxPoolWindows.planesPerChunk(p), (first, end) -> {
            for (int o = first * planeOut; o < end * planeOut; o++) {
                gx[arg[o]] += gy[o];
            }
        });
        return new float[][] {gx};
    }
}
