package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.PoolShape;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Average pooling over square windows in NCHW ([n, c, h, w] -> [n, c, oh, ow]). Padding counts as
 * zeros and every window divides by kernel^2 (PyTorch's count_include_pad default). The gradient
 * spreads dy / kernel^2 over each window. Runs on the device ({@link DeviceKernels#avgPool2dForward})
 * when the backend has device kernels and the input is dense; the backward needs no saved values.
 */
public final class AvgPool2d extends Node {
    private final PoolShape p;

    private AvgPool2d(Tensor x, PoolShape p) {
        super(x);
        this.p = p;
    }

    public static Tensor apply(Tensor x, int kernel, int stride, int padding) {
        PoolShape p = Pooling.shape("avgPool2d", x.shape(), kernel, stride, padding);
        AvgPool2d op = new AvgPool2d(x, p);
        DeviceKernels dk = Backends.current().deviceKernels();
        Storage xs = x.dense();
        if (dk != null && xs != null && p.outputSize() > 0) {
            Storage y = dk.allocate(p.outputSize());
            dk.avgPool2dForward(p, xs, y);
            return Tensor.fromOp(y, Pooling.outShape(p), op.ifRecording());
        }
        float[] y = new float[p.outputSize()];
        hostForward(p, x.data(), y);
        return Tensor.fromOp(y, Pooling.outShape(p), op.ifRecording());
    }

    /** The host forward: y[o] = (sum of o's window of x) * (1 / kernel^2); the reference of the device kernels. */
    public static void hostForward(PoolShape p, float[] x, float[] y) {
        sweep(p, x, y, false);
    }

    /** The host backward: gx = 0, then gy[o] * (1 / kernel^2) added to each element of o's window, o ascending. */
    public static void hostBackward(PoolShape p, float[] gy, float[] gx) {
        java.util.Arrays.fill(gx, 0f);
        sweep(p, gx, gy, true);
    }

    /** Forward (window sums into out) or backward (out-gradient spread into in-gradient) over every window. */
    private static void sweep(PoolShape p, float[] in, float[] out, boolean backward) {
        int kernel = p.kernel();
        float inv = 1f / (kernel * kernel);
        int o = 0;
        for (int plane = 0; plane < p.n() * p.c(); plane++) {
            int base = plane * p.h() * p.w();
            for (int oy = 0; oy < p.outH(); oy++) {
                for (int ox = 0; ox < p.outW(); ox++, o++) {
                    float acc = 0f;
                    for (int ky = 0; ky < kernel; ky++) {
                        int iy = oy * p.stride() - p.padding() + ky;
                        for (int kx = 0; kx < kernel && iy >= 0 && iy < p.h(); kx++) {
                            int ix = ox * p.stride() - p.padding() + kx;
                            if (ix >= 0 && ix < p.w()) {
                                if (backward) {
                                    in[base + iy * p.w() + ix] += out[o] * inv;
                                } else {
                                    acc += in[base + iy * p.w() + ix];
                                }
                            }
                        }
                    }
                    if (!backward) {
                        out[o] = acc * inv;
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return "avgPool2d";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null) {
            return super.backward(gy, dk);
        }
        Storage gx = dk.allocate(p.inputSize());
        dk.avgPool2dBackward(p, gy, gx);
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = GradientArrays.takeZeroed(p.inputSize());
        hostBackward(p, gy, gx);
        return new float[][] {gx};
    }
}
