package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.PoolShape;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Average pooling over square windows in NCHW ([n, c, h, w] -> [n, c, oh, ow]). Padding counts as
 * zeros and every window divides by kernel^2 (PyTorch's count_include_pad default). The gradient
 * spreads dy / kernel^2 over each window.
 */
public final class AvgPool2d extends Node {
    private final PoolShape p;
    private final int kernel;
    private final int stride;
    private final int padding;

    private AvgPool2d(Tensor x, PoolShape p, int kernel, int stride, int padding) {
        super(x);
        this.p = p;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    public static Tensor apply(Tensor x, int kernel, int stride, int padding) {
        PoolShape p = Pooling.shape("avgPool2d", x.shape(), kernel, stride, padding);
        AvgPool2d op = new AvgPool2d(x, p, kernel, stride, padding);
        float[] y = new float[p.outputSize()];
        op.sweep(x.data(), y, false);
        return Tensor.fromOp(y, Pooling.outShape(p), op.ifRecording());
    }

    /** Forward (window sums into out) or backward (out-gradient spread into in-gradient) over every window. */
    private void sweep(float[] in, float[] out, boolean backward) {
        float inv = 1f / (kernel * kernel);
        int o = 0;
        for (int plane = 0; plane < p.n() * p.c(); plane++) {
            int base = plane * p.h() * p.w();
            for (int oy = 0; oy < p.outH(); oy++) {
                for (int ox = 0; ox < p.outW(); ox++, o++) {
                    float acc = 0f;
                    for (int ky = 0; ky < kernel; ky++) {
                        int iy = oy * stride - padding + ky;
                        for (int kx = 0; kx < kernel && iy >= 0 && iy < p.h(); kx++) {
                            int ix = ox * stride - padding + kx;
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
    protected float[][] backward(float[] gy) {
        float[] gx = new float[p.inputSize()];
        sweep(gx, gy, true);
        return new float[][] {gx};
    }
}
