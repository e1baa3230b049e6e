package org.mimo4j.engine.backend;

import java.util.Arrays;

/**
 * Stride-1 convolution as a GEMM whose unfolded operand is never built.
 *
 * <p>Each image is copied once into a zero-padded grid [cin, Hp, Wp] (Hp = inH + 2 padH, Wp = inW +
 * 2 padW). Output pixel (oy, ox) sits at grid position q = oy * Wp + ox, and its tap (ci, ky, kx) at
 * q + ci * Hp * Wp + ky * Wp + kx. So the unfolded row of tap r, over consecutive q, is the grid itself
 * shifted by that offset, and the microkernel reads it in place ({@link Microkernel#runShifted}): the
 * output is the GEMM w [cout, taps] x B [taps, outH * Wp] with B never copied. The last kw - 1 columns
 * of each grid line are computed as well and dropped, (Wp - outW) / Wp of the work; im2col instead
 * copies every tap of every pixel (kh * kw copies of the image) and the GEMM packs it once more, which
 * cost more than the multiply-adds for the few-channel layers of LeNet and the small CNN.
 *
 * <p>Backward-data is the same convolution, of dy padded by k - 1 - pad with the kernel flipped and its
 * channel axes swapped. Both are parallel over images; each image's sums run in a fixed order (the
 * taps in blocks of {@link SgemmCpu#KC}, added to the bias one block after another), so results do not
 * depend on the thread count. That is the order of the im2col GEMM too, so the forward gives its bits
 * for every layer of up to {@link SgemmCpu#KC} taps and for large images (one per GEMM) of any depth.
 *
 * <p>The weight gradient is a dot product per (output channel, tap) of dy, laid out over the grid, with
 * the tap's shifted grid ({@link Microkernel#dotTile}).
 */
final class PaddedGridConv {
    /** Per thread: the zero-padded image. */
    private static final Scratch GRID = new Scratch();
    /** Per thread: the output over the grid's positions, dropped columns included. */
    private static final Scratch OUT = new Scratch();
    /** Per thread: one image's dy laid out over the grid's positions, zero in the dropped columns. */
    private static final Scratch DY = new Scratch();
    /** Per thread: one image's weight gradient, padded to whole dot tiles. */
    private static final Scratch SUMS = new Scratch();

    private final Microkernel kernel;
    private final WorkerPool pool;

    PaddedGridConv(Microkernel kernel, WorkerPool pool) {
        this.kernel = kernel;
        this.pool = pool;
    }

    /** Whether the forward pass of {@code s} is a shifted-grid product: stride 1, no dilation, one group. */
    static boolean forwardApplies(Conv2dShape s) {
        return s.strideH() == 1 && s.strideW() == 1 && s.dilationH() == 1 && s.dilationW() == 1 && s.groups() == 1;
    }

    /**
     * Whether backward-data is: as the forward, with padding below the kernel size (else dy would be
     * cropped), and at least half a register tile of input channels (its rows): with one input channel
     * five of the six rows of every tile would be padding, and im2col with its kh * kw rows costs less.
     */
    static boolean backwardDataApplies(Conv2dShape s, int mr) {
        return forwardApplies(s) && s.padH() < s.kernelH() && s.padW() < s.kernelW() && 2 * s.inChannels() >= mr;
    }

    /** y = w * x + bias. */
    void forward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        Geometry g = new Geometry(s.inChannels(), s.inH(), s.inW(), s.padH(), s.padW(), s.kernelH(), s.kernelW());
        float[] packed = pack(w, s.outChannels(), g.taps());
        int in = s.inChannels() * s.inH() * s.inW(), out = s.outChannels() * s.outH() * s.outW();
        pool.forEach(s.n(), n -> convolve(g, x, n * in, packed, s.outChannels(), bias, y, n * out));
    }

    /** dx = the flipped, channel-swapped kernel over dy padded by k - 1 - pad. */
    void backwardData(Conv2dShape s, float[] dy, float[] w, float[] dx) {
        int kh = s.kernelH(), kw = s.kernelW();
        Geometry g = new Geometry(s.outChannels(), s.outH(), s.outW(), kh - 1 - s.padH(), kw - 1 - s.padW(), kh, kw);
        float[] packed = pack(flipped(s, w), s.inChannels(), g.taps());
        int in = s.inChannels() * s.inH() * s.inW(), out = s.outChannels() * s.outH() * s.outW();
        pool.forEach(s.n(), n -> convolve(g, dy, n * out, packed, s.inChannels(), null, dx, n * in));
    }

    /**
     * acc (+)= the weight gradient of image n: acc[co, tap] = sum over output pixels of dy[n, co, pixel]
     * times the tap's input, a dot product of dy (laid out over the grid, zero in the dropped columns)
     * with the tap's shifted grid. The first image of a chunk overwrites acc. The zeros cancel the
     * dropped columns only while the input is finite: an Inf there can turn other taps' sums into NaN.
     */
    void accumulateWeightGradient(Conv2dShape s, float[] x, float[] dy, int n, float[] acc, boolean first) {
        Geometry g = new Geometry(s.inChannels(), s.inH(), s.inW(), s.padH(), s.padW(), s.kernelH(), s.kernelW());
        int nr = kernel.nr(), tile = Microkernel.DOT_TILE, cout = s.outChannels(), taps = g.taps();
        int len = (g.span() + nr - 1) / nr * nr, rows = (cout + tile - 1) / tile * tile;
        int cols = (taps + tile - 1) / tile * tile;
        float[] grid = g.fill(GRID.get(g.gridFloats(nr)), x, n * s.inChannels() * s.inH() * s.inW(), nr);
        float[] lines = g.spread(dy, n * cout * g.outH * g.outW, cout, DY.get(rows * len), rows, len);
        float[] sums = SUMS.get(rows * cols);
        for (int i0 = 0; i0 < rows; i0 += tile) {
            for (int j0 = 0; j0 < cols; j0 += tile) {
                kernel.dotTile(len, lines, i0 * len, len, grid, 0, g.offsets, j0, sums, i0 * cols + j0, cols);
            }
        }
        for (int co = 0; co < cout; co++) {
            for (int t = 0; t < taps; t++) {
                acc[co * taps + t] = first ? sums[co * cols + t] : acc[co * taps + t] + sums[co * cols + t];
            }
        }
    }

    /** wt[ci][co][ky][kx] = w[co][ci][kh - 1 - ky][kw - 1 - kx]. */
    private static float[] flipped(Conv2dShape s, float[] w) {
        int cin = s.inChannels(), cout = s.outChannels(), kh = s.kernelH(), kw = s.kernelW();
        float[] wt = new float[w.length];
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                int src = (co * cin + ci) * kh * kw, dst = (ci * cout + co) * kh * kw;
                for (int t = 0; t < kh * kw; t++) {
                    wt[dst + t] = w[src + kh * kw - 1 - t];
                }
            }
        }
        return wt;
    }

    /**
     * The kernel [rows, taps] as the microkernel's A panels, block of {@link SgemmCpu#KC} taps after block:
     * packed once per call and read by every image.
     */
    private float[] pack(float[] w, int rows, int taps) {
        int mr = kernel.mr(), padded = (rows + mr - 1) / mr * mr;
        float[] packed = new float[padded * taps];
        float[] block = new float[padded * Math.min(SgemmCpu.KC, taps)];
        for (int p0 = 0; p0 < taps; p0 += SgemmCpu.KC) {
            int kc = Math.min(SgemmCpu.KC, taps - p0);
            Packing.packA(false, w, 0, taps, 0, rows, p0, kc, 1f, mr, block);
            System.arraycopy(block, 0, packed, padded * p0, padded * kc);
        }
        return packed;
    }

    /** One image: dst[dOff ...] = packed [rows, taps] x shifted grid of src[sOff ...] (+ bias per row). */
    private void convolve(Geometry g, float[] src, int sOff, float[] packed, int rows, float[] bias, float[] dst,
                          int dOff) {
        int nr = kernel.nr(), mr = kernel.mr(), padded = (rows + mr - 1) / mr * mr, span = g.span();
        float[] grid = g.fill(GRID.get(g.gridFloats(nr)), src, sOff, nr);
        float[] out = OUT.get(rows * span);
        for (int r = 0; r < rows; r++) {
            Arrays.fill(out, r * span, (r + 1) * span, bias == null ? 0f : bias[r]);
        }
        for (int p0 = 0; p0 < g.taps(); p0 += SgemmCpu.KC) {
            int kc = Math.min(SgemmCpu.KC, g.taps() - p0), base = padded * p0;
            for (int q0 = 0; q0 < span; q0 += nr) {
                int cols = Math.min(nr, span - q0);
                for (int i0 = 0; i0 < rows; i0 += mr) {
                    kernel.runShifted(kc, packed, base + i0 * kc, grid, q0, g.offsets, p0, out, i0 * span + q0, span,
                            Math.min(mr, rows - i0), cols);
                }
            }
        }
        g.compact(out, rows, dst, dOff);
    }

    /** A [channels, h, w] image padded to [channels, hp, wp] for a kh x kw kernel, and its tap offsets. */
    private static final class Geometry {
        final int channels, h, w, padH, padW, kh, kw, hp, wp, outH, outW, taps;
        /** Grid offset of each tap (channel, ky, kx) from the output pixel it belongs to. */
        final int[] offsets;

        Geometry(int channels, int h, int w, int padH, int padW, int kh, int kw) {
            this.channels = channels;
            this.h = h;
            this.w = w;
            this.padH = padH;
            this.padW = padW;
            this.kh = kh;
            this.kw = kw;
            this.hp = h + 2 * padH;
            this.wp = w + 2 * padW;
            this.outH = hp - kh + 1;
            this.outW = wp - kw + 1;
            this.taps = channels * kh * kw;
            // Padded with zeros (a valid start) to whole dot tiles; those columns are computed and dropped.
            this.offsets = new int[(taps + Microkernel.DOT_TILE - 1) / Microkernel.DOT_TILE * Microkernel.DOT_TILE];
            for (int c = 0, t = 0; c < channels; c++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        offsets[t++] = (c * hp + ky) * wp + kx;
                    }
                }
            }
        }

        int taps() {
            return taps;
        }

        /** Grid positions of the output: outH lines of wp, the last kw - 1 of each dropped. */
        int span() {
            return outH * wp;
        }

        /**
         * The grid plus a tail: a tile starting near the last output position reads {@code nr} floats from
         * its last tap, at most kw - 2 + nr past the grid.
         */
        int gridFloats(int nr) {
            return channels * hp * wp + kw + nr;
        }

        /** grid := the image at src[sOff ...] with zero borders and a zero tail. */
        float[] fill(float[] grid, float[] src, int sOff, int nr) {
            Arrays.fill(grid, 0, gridFloats(nr), 0f);
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(src, sOff + (c * h + y) * w, grid, (c * hp + y + padH) * wp + padW, w);
                }
            }
            return grid;
        }

        /**
         * lines[r, oy * wp + ox] = src[sOff + (r, oy, ox)] for r < rows of src, ox < outW; zero everywhere
         * else (dropped columns, the tail up to len, the padding rows up to allRows): the adjoint of
         * {@link #compact}, the layout a grid-shaped product reads.
         */
        float[] spread(float[] src, int sOff, int rows, float[] lines, int allRows, int len) {
            Arrays.fill(lines, 0, allRows * len, 0f);
            for (int r = 0; r < rows; r++) {
                for (int oy = 0; oy < outH; oy++) {
                    System.arraycopy(src, sOff + (r * outH + oy) * outW, lines, r * len + oy * wp, outW);
                }
            }
            return lines;
        }

        /** dst[dOff + (r, oy, ox)] = out[r, oy * wp + ox] for ox < outW: the dropped columns left behind. */
        void compact(float[] out, int rows, float[] dst, int dOff) {
            for (int r = 0; r < rows; r++) {
                for (int oy = 0; oy < outH; oy++) {
                    System.arraycopy(out, r * span() + oy * wp, dst, dOff + (r * outH + oy) * outW, outW);
                }
            }
        }
    }
}
