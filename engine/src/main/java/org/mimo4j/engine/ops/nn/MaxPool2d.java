package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Max pooling over square windows in NCHW ([n, c, h, w] -> [n, c, oh, ow]); padding never wins (it
 * counts as -infinity). The gradient goes to the first maximal element of each window.
 */
public final class MaxPool2d extends Node {
    private final int[] argmax;
    private final int inSize;

    private MaxPool2d(Tensor x, int[] argmax) {
        super(x);
        this.argmax = argmax;
        this.inSize = x.numel();
    }

    public static Tensor apply(Tensor x, int kernel, int stride, int padding) {
        PoolGeometry p = new PoolGeometry("maxPool2d", x.shape(), kernel, stride, padding);
        float[] d = x.data();
        float[] y = new float[p.outputSize()];
        int[] arg = new int[y.length];
        int o = 0;
        for (int plane = 0; plane < p.n * p.c; plane++) {
            int base = plane * p.h * p.w;
            for (int oy = 0; oy < p.oh; oy++) {
                for (int ox = 0; ox < p.ow; ox++, o++) {
                    int best = -1;
                    for (int ky = 0; ky < kernel; ky++) {
                        int iy = oy * stride - padding + ky;
                        for (int kx = 0; kx < kernel && iy >= 0 && iy < p.h; kx++) {
                            int ix = ox * stride - padding + kx;
                            if (ix >= 0 && ix < p.w && (best < 0 || d[base + iy * p.w + ix] > d[best])) {
                                best = base + iy * p.w + ix;
                            }
                        }
                    }
                    arg[o] = best;
                    y[o] = d[best];
                }
            }
        }
        return Tensor.fromOp(y, p.outShape(), new MaxPool2d(x, arg).ifRecording());
    }

    @Override
    public String name() {
        return "maxPool2d";
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = new float[inSize];
        for (int o = 0; o < gy.length; o++) {
            gx[argmax[o]] += gy[o];
        }
        return new float[][] {gx};
    }

    /** Validated NCHW pooling geometry shared by the pooling ops. */
    static final class PoolGeometry {
        final int n, c, h, w, oh, ow;

        PoolGeometry(String op, int[] shape, int kernel, int stride, int padding) {
            if (shape.length != 4) {
                throw new IllegalArgumentException(op + ": input " + Shapes.str(shape) + " must be 4-d [n, c, h, w]");
            }
            if (kernel <= 0 || stride <= 0 || padding < 0 || 2 * padding > kernel) {
                throw new IllegalArgumentException(op + ": kernel " + kernel + ", stride " + stride + ", padding "
                        + padding + " are invalid (need kernel, stride > 0 and 0 <= padding <= kernel/2)");
            }
            n = shape[0];
            c = shape[1];
            h = shape[2];
            w = shape[3];
            oh = (h + 2 * padding - kernel) / stride + 1;
            ow = (w + 2 * padding - kernel) / stride + 1;
            if (h + 2 * padding < kernel || w + 2 * padding < kernel) {
                throw new IllegalArgumentException(op + ": kernel " + kernel + " does not fit input " + Shapes.str(shape)
                        + " with padding " + padding);
            }
        }

        int outputSize() {
            return n * c * oh * ow;
        }

        int[] outShape() {
            return new int[] {n, c, oh, ow};
        }
    }
}
