package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.PoolShape;
import org.mimo4j.engine.ops.HostChunks;
import org.mimo4j.engine.ops.elementwise.Relu;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Max pooling over square windows in NCHW ([n, c, h, w] -> [n, c, oh, ow]); padding never wins (it
 * counts as -infinity). The gradient goes to the first maximal element of each window.
 *
 * <p>The host path saves the argmax of every window. The device path saves x instead and its
 * backward kernel finds the argmax again, so no index buffer has to cross or be kept.
 *
 * <p>{@link #afterRelu} is the fused maxPool2d(relu(x)) of a CNN's conv, relu, pool: the maxima of x,
 * then relu of each, and a gradient that passes only where relu's does at the window's argmax. That is
 * the same function, bit for bit, values and gradients, NaN and signed zeros included: relu keeps the
 * order of positive values, a window whose maximum is not positive pools to +0 and passes no gradient
 * either way, and a NaN is picked only where it comes first in its window, either way. It saves
 * relu's pass over the whole input and its backward's: the small-CNN step took 0.86x as long on PoCL and
 * 0.91x on the CPU (docs/performance.md).
 */
public final class MaxPool2d extends Node {
    private final PoolShape p;
    private final boolean relu;
    private int[] argmax;
    private final Storage x;

    private MaxPool2d(Tensor in, PoolShape p, boolean relu, int[] argmax, Storage x) {
        super(in);
        this.p = p;
        this.relu = relu;
        this.argmax = argmax;
        this.x = x;
    }

    public static Tensor apply(Tensor x, int kernel, int stride, int padding) {
        return apply(x, kernel, stride, padding, false);
    }

    /** maxPool2d(relu(x)) as one op (see the class comment). */
    public static Tensor afterRelu(Tensor x, int kernel, int stride, int padding) {
        return apply(x, kernel, stride, padding, true);
    }

    private static Tensor apply(Tensor x, int kernel, int stride, int padding, boolean relu) {
        PoolShape p = Pooling.shape(relu ? "reluMaxPool2d" : "maxPool2d", x.shape(), kernel, stride, padding);
        DeviceKernels dk = Backends.current().deviceKernels();
        Storage xs = x.dense();
        if (dk != null && xs != null && p.outputSize() > 0) {
            Storage y = dk.allocate(p.outputSize());
            dk.maxPool2dForward(p, xs, y, relu);
            return Tensor.fromOp(y, Pooling.outShape(p), new MaxPool2d(x, p, relu, null, xs).ifRecording());
        }
        float[] y = new float[p.outputSize()];
        int[] arg = new int[y.length];
        hostForward(p, x.data(), y, arg);
        if (relu) {
            for (int o = 0; o < y.length; o++) {
                y[o] = Relu.of(y[o]);
            }
        }
        return Tensor.fromOp(y, Pooling.outShape(p), new MaxPool2d(x, p, relu, arg, null).ifRecording());
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
        return relu ? "reluMaxPool2d" : "maxPool2d";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || x == null) {
            return super.backward(gy, dk);
        }
        Storage gx = dk.allocate(p.inputSize());
        dk.maxPool2dBackward(p, x, gy, gx, relu);
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        // the input's values: to find the argmax again (the forward ran on a device backend, which has
        // changed since) and, fused, for relu's gradient at each window's maximum x[argmax]
        float[] in = argmax == null || relu ? (x != null ? x.read() : input(0).data()) : null;
        if (argmax == null) {
            argmax = new int[gy.length];
            MaxPoolWindows.pool(p, in, new float[gy.length], argmax);
        }
        float[] gx = GradientArrays.takeZeroed(p.inputSize());
        int[] arg = argmax;
        int planeOut = p.outH() * p.outW();
        // A window's argmax lies in its own plane, so chunks of planes scatter into disjoint parts of gx.
        HostChunks.forEach(p.n() * p.c(), MaxPoolWindows.planesPerChunk(p), (first, end) -> {
            for (int o = first * planeOut; o < end * planeOut; o++) {
                gx[arg[o]] += relu ? Relu.gradient(in[arg[o]], gy[o]) : gy[o];
            }
        });
        return new float[][] {gx};
    }
}
