package org.mimo4j.engine.backend;

import java.util.Arrays;

/**
 * The layout {@link PaddedGridConv} computes on: {@code stack} images of [channels, h, w], each zero-padded
 * to [hp, wp] = [h + 2 padH, w + 2 padW] and set side by side along the lines, so channel c, image k, row y,
 * column x sits at (c * hp + y) * {@link #stride} + k * wp + x, with stride = stack * wp. For a stride-1
 * kh x kw kernel, output position q = oy * stride + k * wp + ox reads tap (c, ky, kx) at q + {@link
 * #offsets}[tap]. Positions with ox >= outW belong to no output: they are computed and dropped. Side by
 * side rather than one under the other, stacked images share the kh - 1 bottom lines that hold no
 * outputs: for LeNet's 10x10 outputs on 14x14 images, 10 of every 14 positions count instead of 10 of
 * every 14 x 14 / 10.
 */
final class PaddedGrid {
    final int channels, h, w, padH, padW, kh, kw, stack, hp, wp, stride, outH, outW, taps;
    /**
     * Grid offset of each tap (channel, ky, kx) from its output position, then zeros: room for a last dot
     * tile of any {@link Microkernel#dotCols()} that starts at a tap.
     */
    final int[] offsets;

    PaddedGrid(int channels, int h, int w, int padH, int padW, int kh, int kw, int stack) {
        this.channels = channels;
        this.h = h;
        this.w = w;
        this.padH = padH;
        this.padW = padW;
        this.kh = kh;
        this.kw = kw;
        this.stack = stack;
        this.hp = h + 2 * padH;
        this.wp = w + 2 * padW;
        this.stride = stack * wp;
        this.outH = hp - kh + 1;
        this.outW = wp - kw + 1;
        this.taps = channels * kh * kw;
        this.offsets = new int[taps + Microkernel.MAX_DOT_COLS - 1];
        for (int c = 0, t = 0; c < channels; c++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    offsets[t++] = (c * hp + ky) * stride + kx;
                }
            }
        }
    }

    /** Output positions: the grid's first outH lines. */
    int span() {
        return outH * stride;
    }

    /**
     * Floats of the grid plus a tail: a tile starting near the last output position reads {@code nr}
     * floats from its last tap, at most kw - 2 + nr past the grid.
     */
    int gridFloats(int nr) {
        return channels * hp * stride + kw + nr;
    }

    /** grid := images [first, first + stack) of src ([n, channels, h, w]) with zero borders and a zero tail. */
    float[] fill(float[] grid, float[] src, int first, int nr) {
        Arrays.fill(grid, 0, gridFloats(nr), 0f);
        for (int k = 0; k < stack; k++) {
            for (int c = 0; c < channels; c++) {
                int from = ((first + k) * channels + c) * h * w, to = (c * hp + padH) * stride + k * wp + padW;
                if (stride == w) {
                    // Lines without side borders or neighbours lie end to end: one copy per plane, not h short ones.
                    System.arraycopy(src, from, grid, to, h * w);
                    continue;
                }
                for (int y = 0; y < h; y++) {
                    System.arraycopy(src, from + y * w, grid, to + y * stride, w);
                }
            }
        }
        return grid;
    }

    /**
     * lines[r * len + q] = images [first, first + stack) of src ([n, rows, outH, outW]) at their output
     * positions, zero at the dropped ones, past the span and in the padding rows up to allRows: the layout
     * a dot product with the grid reads. The adjoint of {@link #compact}.
     */
    float[] spread(float[] src, int first, int rows, float[] lines, int allRows, int len) {
        Arrays.fill(lines, 0, allRows * len, 0f);
        for (int k = 0; k < stack; k++) {
            for (int r = 0; r < rows; r++) {
                int from = ((first + k) * rows + r) * outH * outW, to = r * len + k * wp;
                for (int oy = 0; oy < outH; oy++) {
                    System.arraycopy(src, from + oy * outW, lines, to + oy * stride, outW);
                }
            }
        }
        return lines;
    }

    /** Images [first, first + stack) of dst ([n, rows, outH, outW]) := out[r * ldo + q] (ldo >= span()) at their output positions. */
    void compact(float[] out, int ldo, int rows, float[] dst, int first) {
        for (int k = 0; k < stack; k++) {
            for (int r = 0; r < rows; r++) {
                int from = r * ldo + k * wp, to = ((first + k) * rows + r) * outH * outW;
                for (int oy = 0; oy < outH; oy++) {
                    System.arraycopy(out, from + oy * stride, dst, to + oy * outW, outW);
                }
            }
        }
    }
}
