package org.mimo4j.engine.backend;

import java.util.Arrays;

/**
 * Unfolds one image's group of input channels into the column matrix of a convolution
 * ([cinG * kh * kw, outH * outW], row = (channel, ky, kx), column = output pixel) and folds it back.
 * Each row is filled a whole output line at a time, with the padding columns computed up front so
 * the inner loop has no bounds tests (and is a plain copy at stride 1).
 */
final class Im2col {
    private final Conv2dShape s;
    private final int oh, ow, cinG;

    Im2col(Conv2dShape s) {
        this.s = s;
        this.oh = s.outH();
        this.ow = s.outW();
        this.cinG = s.inChannels() / s.groups();
    }

    int rows() {
        return cinG * s.kernelH() * s.kernelW();
    }

    int cols() {
        return oh * ow;
    }

    /** col := unfold(x[image, group]). */
    void unfold(float[] x, int image, int group, float[] col) {
        unfold(x, image, group, col, 0, oh * ow);
    }

    /**
     * unfold(x[image, group]) into the columns [colOff, colOff + outH * outW) of a column matrix whose
     * rows are {@code ld} floats apart: several images side by side, for one GEMM over all of them.
     */
    void unfold(float[] x, int image, int group, float[] col, int colOff, int ld) {
        int row = 0;
        for (int ci = 0; ci < cinG; ci++) {
            int plane = ((image * s.inChannels()) + group * cinG + ci) * s.inH() * s.inW();
            for (int ky = 0; ky < s.kernelH(); ky++) {
                for (int kx = 0; kx < s.kernelW(); kx++, row++) {
                    unfoldRow(x, plane, ky, kx, col, row * ld + colOff);
                }
            }
        }
    }

    private void unfoldRow(float[] x, int plane, int ky, int kx, float[] col, int dst) {
        int xOff = kx * s.dilationW() - s.padW();
        int lo = firstInside(xOff, s.strideW()), hi = endInside(xOff, s.strideW(), s.inW());
        for (int oy = 0; oy < oh; oy++, dst += ow) {
            int iy = oy * s.strideH() - s.padH() + ky * s.dilationH();
            if (iy < 0 || iy >= s.inH() || lo >= hi) {
                Arrays.fill(col, dst, dst + ow, 0f);
                continue;
            }
            zero(col, dst, dst + lo);
            zero(col, dst + hi, dst + ow);
            int src = plane + iy * s.inW() + xOff;
            if (s.strideW() == 1) {
                System.arraycopy(x, src + lo, col, dst + lo, hi - lo);
            } else {
                for (int ox = lo; ox < hi; ox++) {
                    col[dst + ox] = x[src + ox * s.strideW()];
                }
            }
        }
    }

    /** col[from, to) := 0; a plain loop, as padding leaves only a column or two per line to clear. */
    private static void zero(float[] col, int from, int to) {
        for (int i = from; i < to; i++) {
            col[i] = 0f;
        }
    }

    /** dx[image, group] += fold(col): the adjoint of {@link #unfold}. */
    void foldAdd(float[] col, float[] dx, int image, int group) {
        foldAdd(col, 0, oh * ow, dx, image, group);
    }

    /** dx[image, group] += fold of the columns [colOff, colOff + outH * outW) of rows {@code ld} apart. */
    void foldAdd(float[] col, int colOff, int ld, float[] dx, int image, int group) {
        int row = 0;
        for (int ci = 0; ci < cinG; ci++) {
            int plane = ((image * s.inChannels()) + group * cinG + ci) * s.inH() * s.inW();
            for (int ky = 0; ky < s.kernelH(); ky++) {
                for (int kx = 0; kx < s.kernelW(); kx++, row++) {
                    foldRow(col, row * ld + colOff, dx, plane, ky, kx);
                }
            }
        }
    }

    private void foldRow(float[] col, int src, float[] dx, int plane, int ky, int kx) {
        int xOff = kx * s.dilationW() - s.padW();
        int lo = firstInside(xOff, s.strideW()), hi = endInside(xOff, s.strideW(), s.inW());
        for (int oy = 0; oy < oh; oy++, src += ow) {
            int iy = oy * s.strideH() - s.padH() + ky * s.dilationH();
            if (iy < 0 || iy >= s.inH()) {
                continue;
            }
            int dst = plane + iy * s.inW() + xOff;
            if (s.strideW() == 1) {
                addRow(col, src, dx, dst, lo, hi);
            } else {
                for (int ox = lo; ox < hi; ox++) {
                    dx[dst + ox * s.strideW()] += col[src + ox];
                }
            }
        }
    }

    /** dx[dst + i] += col[src + i] for i in [lo, hi): a plain loop the JIT can vectorise. */
    private static void addRow(float[] col, int src, float[] dx, int dst, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            dx[dst + i] += col[src + i];
        }
    }

    /** First output column whose input column ox * stride + xOff is >= 0. */
    private static int firstInside(int xOff, int stride) {
        return xOff >= 0 ? 0 : (-xOff + stride - 1) / stride;
    }

    /** One past the last output column whose input column is < inW, capped at outW. */
    private int endInside(int xOff, int stride, int inW) {
        int room = inW - xOff;
        return room <= 0 ? 0 : Math.min(ow, (room - 1) / stride + 1);
    }
}
