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

    /** Output positions {@link #spreadAcross} writes per block: 256 panel lines of 16 floats, 16 KB. */
    private static final int SPREAD_POSITIONS = 256;

    /**
     * {@link #spread}'s values with the rows across: panels[(r / nr) * span() * nr + q * nr + r % nr] = image
     * k's src[r] at output position q, zero at the dropped positions and in the rows past {@code rows} up to
     * whole panels of nr. The B operand of {@link Microkernel#runShiftedRows} (a panel per nr rows).
     */
    float[] spreadAcross(float[] src, int first, int rows, float[] panels, int nr) {
        int span = span(), panelFloats = span * nr, plane = outH * outW;
        Arrays.fill(panels, 0, (rows + nr - 1) / nr * panelFloats, 0f);
        // Per panel, a block of output lines at a time: the block's panel lines (about SPREAD_POSITIONS of them)
        // stay in L1 while each of the panel's rows is read into them as one sequential run. Reading the rows
        // line by line instead (nr or more runs of one output line each, often 4 KB apart) defeated the
        // prefetcher: the 3 -> 64 CIFAR layer's dy (8 MB) took 8-9 ms.
        int lines = Math.max(1, SPREAD_POSITIONS / outW);
        for (int k = 0; k < stack; k++) {
            for (int r0 = 0; r0 < rows; r0 += nr) {
                int panel = r0 / nr * panelFloats + k * wp * nr - r0, rEnd = Math.min(rows, r0 + nr);
                for (int oy0 = 0; oy0 < outH; oy0 += lines) {
                    for (int r = r0; r < rEnd; r += 4) {
                        copyLines(src, ((first + k) * rows + r) * plane, Math.min(4, rEnd - r), oy0,
                                Math.min(outH, oy0 + lines), panels, panel + r, nr);
                    }
                }
            }
        }
        return panels;
    }

    /**
     * Output lines [oy0, oy1) of {@code count} (at most 4) consecutive rows of src, from {@code from} and a plane
     * apart, into their places in a panel: dst[to + oy * stride * nr + ox * nr + r].
     */
    private void copyLines(float[] src, int from, int count, int oy0, int oy1, float[] dst, int to, int nr) {
        int plane = outH * outW;
        for (int oy = oy0; oy < oy1; oy++) {
            copyAcross(src, from + oy * outW, plane, count, outW, dst, to + oy * stride * nr, nr);
        }
    }

    /**
     * dst[to + x * nr + r] = src[at + r * plane + x] for r < rows (at most 4), x < width: one line of up to four
     * rows a plane apart into a run of panel lines (also {@link WinogradRowsConv}'s weight gradient's).
     */
    static void copyAcross(float[] src, int at, int plane, int rows, int width, float[] dst, int to, int nr) {
        if (rows == 4) {
            copyFour(src, at, plane, width, dst, to, nr);
            return;
        }
        for (int r = 0; r < rows; r++) {
            for (int x = 0; x < width; x++) {
                dst[to + x * nr + r] = src[at + r * plane + x];
            }
        }
    }

    /** dst[to + ox * nr + r] = src[at + r * plane + ox] for r < 4, ox < count: four rows into a run of panel lines. */
    private static void copyFour(float[] src, int at, int plane, int count, float[] dst, int to, int nr) {
        for (int ox = 0, a = at, t = to; ox < count; ox++, a++, t += nr) {
            float v0 = src[a], v1 = src[a + plane], v2 = src[a + 2 * plane], v3 = src[a + 3 * plane];
            dst[t] = v0;
            dst[t + 1] = v1;
            dst[t + 2] = v2;
            dst[t + 3] = v3;
        }
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
