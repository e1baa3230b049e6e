package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Shared plumbing of elementwise ops with one input: a subclass names its function ({@link
 * DeviceKernels.Unary}) and constants and keeps its host loops ({@code hostForward}, {@code hostBackward},
 * reached through {@link UnaryHost}); this class saves the input and output storages the backward needs
 * and runs {@link DeviceKernels#unary} / {@link DeviceKernels#unaryBackward} instead when the backend has
 * device kernels and the input is dense, so the values stay on the device.
 */
abstract class UnaryOp extends Node {
    private final DeviceKernels.Unary op;
    private final float a;
    private final float b;
    private Storage x;
    private Storage y;

    /** {@code a} and {@code b}: the op's constants, as {@link DeviceKernels.Unary} lists them (0 when none). */
    UnaryOp(Tensor x, DeviceKernels.Unary op, float a, float b) {
        super(x);
        this.op = op;
        this.a = a;
        this.b = b;
    }

    final Tensor output() {
        Tensor in = input(0);
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && in.dense() != null && in.numel() > 0) {
            x = in.dense();
            y = dk.allocate(x.length());
            dk.unary(op, x, a, b, y);
        } else {
            float[] xv = in.data();
            float[] yv = new float[xv.length];
            UnaryHost.forward(op, xv, a, b, yv);
            x = saved(in, xv);
            y = Storage.wrap(yv);
        }
        return Tensor.fromOp(y, in.shape(), ifRecording());
    }

    @Override
    protected final Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk != null && gy.length() > 0) {
            Storage gx = dk.allocate(gy.length());
            dk.unaryBackward(op, x, y, gy, a, b, gx);
            return new Storage[] {gx};
        }
        return super.backward(gy, dk);
    }

    @Override
    protected final float[][] backward(float[] gy) {
        float[] gx = GradientArrays.take(gy.length);
        UnaryHost.backward(op, x.read(), y.read(), gy, a, b, gx);
        return new float[][] {gx};
    }
}
