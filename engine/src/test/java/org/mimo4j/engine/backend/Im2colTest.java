package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/** {@link Im2col}: unfold picks the right taps, and fold is exactly its adjoint. */
class Im2colTest {

    @Test
    void unfoldPicksTheTapOfEveryRowAndColumn() {
        Conv2dShape s = new Conv2dShape(2, 4, 7, 6, 2, 3, 2, 2, 1, 1, 2, 2, 1, 2);
        float[] x = Arrays2.random(new Rng(51), s.inputSize());
        Im2col im = new Im2col(s);
        float[] col = new float[im.rows() * im.cols()];
        im.unfold(x, 1, 1, col);
        int cinG = 2;
        for (int row = 0; row < im.rows(); row++) {
            int ci = row / (s.kernelH() * s.kernelW()), ky = row / s.kernelW() % s.kernelH(), kx = row % s.kernelW();
            for (int px = 0; px < im.cols(); px++) {
                int iy = px / s.outW() * s.strideH() - s.padH() + ky * s.dilationH();
                int ix = px % s.outW() * s.strideW() - s.padW() + kx * s.dilationW();
                boolean inside = iy >= 0 && iy < s.inH() && ix >= 0 && ix < s.inW();
                float expected = inside ? x[((s.inChannels() + cinG + ci) * s.inH() + iy) * s.inW() + ix] : 0f;
                assertEquals(expected, col[row * im.cols() + px], "row " + row + " pixel " + px);
            }
        }
    }

    @Test
    void foldIsTheAdjointOfUnfold() {
        Rng rng = new Rng(52);
        Conv2dShape s = new Conv2dShape(1, 3, 9, 8, 3, 3, 3, 2, 3, 2, 1, 1, 2, 1);
        Im2col im = new Im2col(s);
        float[] x = Arrays2.random(rng, s.inputSize()), c = Arrays2.random(rng, im.rows() * im.cols());
        float[] col = new float[c.length], folded = new float[x.length];
        im.unfold(x, 0, 0, col);
        im.foldAdd(c, folded, 0, 0);
        double lhs = 0, rhs = 0;
        for (int i = 0; i < c.length; i++) {
            lhs += (double) col[i] * c[i];
        }
        for (int i = 0; i < x.length; i++) {
            rhs += (double) x[i] * folded[i];
        }
        assertEquals(lhs, rhs, 1e-4 * (1 + Math.abs(lhs)));
    }

    @Test
    void foldAddsEveryTapInRowOrderBitForBit() {
        Rng rng = new Rng(53);
        Conv2dShape[] shapes = {
            Conv2dShape.of(2, 3, 14, 14, 4, 3, 1, 1, 1, 1),
            Conv2dShape.of(1, 2, 9, 11, 3, 5, 1, 2, 1, 1),
            new Conv2dShape(2, 4, 7, 5, 2, 3, 4, 2, 1, 0, 3, 2, 1, 2),
            Conv2dShape.of(1, 1, 1, 1, 1, 1, 1, 0, 1, 1),
            Conv2dShape.of(1, 2, 3, 3, 1, 3, 1, 2, 1, 1),
            new Conv2dShape(1, 2, 6, 9, 2, 2, 3, 1, 2, 1, 1, 1, 2, 1),
        };
        for (Conv2dShape s : shapes) {
            Im2col im = new Im2col(s);
            int image = s.n() - 1, group = s.groups() - 1;
            float[] c = Arrays2.random(rng, im.rows() * im.cols()), start = Arrays2.random(rng, s.inputSize());
            float[] got = start.clone(), want = start.clone();
            im.foldAdd(c, got, image, group);
            foldRowByRow(s, c, want, image, group);
            assertArrayEquals(want, got, s.toString());
        }
    }

    /** The definition of fold: dx += each tap row of col in turn, in (channel, ky, kx) order. */
    private static void foldRowByRow(Conv2dShape s, float[] col, float[] dx, int image, int group) {
        int cinG = s.inChannels() / s.groups(), pixels = s.outH() * s.outW();
        for (int row = 0; row < cinG * s.kernelH() * s.kernelW(); row++) {
            int ci = row / (s.kernelH() * s.kernelW()), ky = row / s.kernelW() % s.kernelH(), kx = row % s.kernelW();
            int plane = (image * s.inChannels() + group * cinG + ci) * s.inH() * s.inW();
            for (int px = 0; px < pixels; px++) {
                int iy = px / s.outW() * s.strideH() - s.padH() + ky * s.dilationH();
                int ix = px % s.outW() * s.strideW() - s.padW() + kx * s.dilationW();
                if (iy >= 0 && iy < s.inH() && ix >= 0 && ix < s.inW()) {
                    dx[plane + iy * s.inW() + ix] += col[row * pixels + px];
                }
            }
        }
    }
}
