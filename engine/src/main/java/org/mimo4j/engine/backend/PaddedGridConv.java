package org.mimo4j.engine.backend;

import java.util.Arrays;

/**
 * Stride-1 convolution as a GEMM whose unfolded operand is never built.
 *
 * <p>Each image is copied once into a zero-padded grid [cin, Hp, Wp] ({@link PaddedGrid}) (Hp = inH + 2 padH, Wp = inW +
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
 * <p>The weight gradient (for up to 64 output channels, {@link #weightGradientApplies}) reads the grid in place
 * too: for layers with many kernel taps as a GEMM whose rows are the taps' shifted windows and whose columns are
 * the output channels, from dy transposed ({@link #weightGradientOnTapRows}), else as a dot product per (output
 * channel, tap) of dy, laid out over the grid, with the tap's shifted grid ({@link Microkernel#dotTile}). Small
 * images are stacked several to a grid ({@link PaddedGrid}) so that each product is long.
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
    /**
     * Per calling thread: the packed (and for backward-data flipped) kernel, read by every image. Arrays of
     * this size made fresh on every call cost tens of microseconds each in some JVMs (see Conv2dCpu's
     * partial weight gradients).
     */
    private static final Scratch PACKED = new Scratch();
    private static final Scratch FLIPPED = new Scratch();

    private final Microkernel kernel;
    private final WorkerPool pool;
    /** The forward of layers where channels across the lanes waste less ({@link ChannelLanesConv#pays}). */
    private final ChannelLanesConv lanes;

    PaddedGridConv(Microkernel kernel, WorkerPool pool) {
        this.kernel = kernel;
        this.pool = pool;
        this.lanes = new ChannelLanesConv(kernel, pool);
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

    /** y = w * x + bias: in the layout that {@link ChannelLanesConv#pays} picks. */
    void forward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        if (ChannelLanesConv.pays(s, kernel)) {
            lanes.forward(s, x, w, bias, y);
        } else {
            forwardOnRows(s, x, w, bias, y);
        }
    }

    /** {@link #forward} with grid positions across the lanes and output channels down the rows (for tests too). */
    void forwardOnRows(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        PaddedGrid g = inputGrid(s, 1);
        float[] packed = pack(w, s.outChannels(), g.taps);
        pool.forEach(s.n(), n -> convolve(g, x, n, packed, s.outChannels(), bias, y));
    }

    /** dx = the flipped, channel-swapped kernel over dy padded by k - 1 - pad. */
    void backwardData(Conv2dShape s, float[] dy, float[] w, float[] dx) {
        int kh = s.kernelH(), kw = s.kernelW();
        PaddedGrid g = new PaddedGrid(s.outChannels(), s.outH(), s.outW(), kh - 1 - s.padH(), kw - 1 - s.padW(), kh, kw, 1);
        float[] packed = pack(flipped(s, w), s.inChannels(), g.taps);
        pool.forEach(s.n(), n -> convolve(g, dy, n, packed, s.inChannels(), null, dx));
    }

    /**
     * Whether the weight gradient is computed here: as the forward, for at most 64 output channels. Its
     * dot products end in a reduction across lanes per (channel, tap) and read both operands for every
     * multiply-add, while the im2col GEMM keeps its sums in registers and its copy costs 1/cout of its
     * multiply-adds; measured on 1 thread, batch 32 (grid time / im2col time): 0.27-0.55 for the LeNet,
     * small-CNN and 3 -> 64 layers, 0.68 for 64 -> 64 on 32x32, 1.13 for 128 -> 128 on 16x16 and 1.56
     * for 256 -> 256 on 8x8.
     */
    static boolean weightGradientApplies(Conv2dShape s) {
        return forwardApplies(s) && s.outChannels() <= 64;
    }

    /** The grid of x for {@code s}, {@code stack} images at a time. */
    static PaddedGrid inputGrid(Conv2dShape s, int stack) {
        return new PaddedGrid(s.inChannels(), s.inH(), s.inW(), s.padH(), s.padW(), s.kernelH(), s.kernelW(), stack);
    }

    /**
     * Dot-product length the weight gradient stacks images up to. The small CNN's 16 -> 32 layer (16x16 grids,
     * batch 32) took 359 / 359 us for its weight gradient on 2 threads with 2,048 (8 images a product, 4
     * chunks) against 399 / 401 with 1,024 (4 images, 8 chunks); 4 chunks of 4 images measured 403 / 408, so
     * the length is what pays (medians of 300 x 10 calls, alternating JVMs, two rounds).
     */
    static final int DOT_LENGTH = 2048;

    /**
     * Images stacked in one grid for the weight gradient: enough that a dot product runs over about
     * {@link #DOT_LENGTH} positions (each of the sums of a {@link Microkernel#dotTile} ends in a
     * reduction across lanes, which on 14x14 images cost a third of the time), at most {@code count}.
     */
    static int stack(Conv2dShape s, int count) {
        int perImage = (s.inH() + 2 * s.padH()) * (s.inW() + 2 * s.padW());
        return Math.max(1, Math.min(count, DOT_LENGTH / perImage));
    }

    /**
     * Chunks of images the weight gradient is split into (each summed into its own partial, see {@link
     * Conv2dCpu}): as many as leave each chunk a whole {@link #stack} of images, at most {@code most}. It
     * depends on the shape only, so results do not depend on the thread count.
     */
    static int chunks(Conv2dShape s, int most) {
        int per = stack(s, s.n());
        return Math.max(1, Math.min(most, (s.n() + per - 1) / per));
    }

    /**
     * Kernel taps (cin x kh x kw) from which the weight gradient runs on tap rows ({@link #weightGradientOnTapRows})
     * rather than as dot products, if the output channels fill a panel. Measured, batch 32, 1 thread, one JVM
     * alternating both (time on tap rows / as dot products, AMD EPYC Zen 3, AVX2, 16-float panels): 16 -> 32 3x3
     * on 14x14 (144 taps) 0.58-0.80; 6 -> 16 5x5 (150) on 14x14 0.91-1.02 and on 56x56 0.76-0.85; 16 -> 16 3x3
     * (144) 0.88; 32 -> 64 3x3 on 7x7 (288) 0.68; but 8 -> 16 3x3 (72) 1.07, 3 -> 64 3x3 on 32x32 (27) 1.00-2.45
     * and 1 -> 16 3x3 on 28x28 (9) 1.35-1.57: transposing dy costs as much for every tap count, the product
     * grows with it.
     */
    static final int TAP_ROWS_FROM = 128;

    /** Whether {@link #weightGradient} runs on tap rows: enough taps, and output channels for a whole panel. */
    static boolean tapRowsPay(Conv2dShape s, int nr) {
        return taps(s) >= TAP_ROWS_FROM && s.outChannels() >= nr;
    }

    /** Kernel taps of {@code s}: cin x kh x kw, the length of a weight row. */
    private static int taps(Conv2dShape s) {
        return s.inChannels() * s.kernelH() * s.kernelW();
    }

    /**
     * acc = the weight gradient of images [first, end): acc[co, tap] = the sum over their output pixels of
     * dy[co, pixel] times the tap's input, on tap rows where {@link #tapRowsPay} says so, else as dot products
     * ({@link #weightGradientAsDots}). The zeros of dy's dropped positions cancel those positions only while the
     * input is finite: an Inf there can turn other taps' sums into NaN.
     */
    void weightGradient(Conv2dShape s, float[] x, float[] dy, int first, int end, float[] acc) {
        if (tapRowsPay(s, kernel.nr())) {
            weightGradientOnTapRows(s, x, dy, first, end, acc);
        } else {
            weightGradientAsDots(s, x, dy, first, end, acc);
        }
    }

    /**
     * {@link #weightGradient} as a dot product per (output channel, tap) of dy, laid out over the grid, with the
     * tap's shifted grid ({@link Microkernel#dotTile}), {@link #stack} images per product.
     */
    void weightGradientAsDots(Conv2dShape s, float[] x, float[] dy, int first, int end, float[] acc) {
        int per = stack(s, end - first);
        for (int n = first; n < end; n += per) {
            PaddedGrid g = inputGrid(s, Math.min(per, end - n));
            addWeightGradient(s, g, x, dy, n, acc, n == first);
        }
    }

    /**
     * Positions per block of {@link #weightGradientOnTapRows}: its B block, TAP_BLOCK x nr floats (16 KB with
     * AVX2), stays in L1 while every tap row passes it. Blocks of the whole span measured the same on the small
     * CNN's 14x14 images, whose panels fit L2; a 112x112 image's would not.
     */
    static final int TAP_BLOCK = 256;

    /**
     * {@link #weightGradient} as a GEMM with the kernel taps as rows and the output channels across
     * ({@link Microkernel#runShiftedRows}): row t of A is tap t's shifted window of the grid, read in place, and B
     * is dy transposed into panels of nr channels ({@link PaddedGrid#spreadAcross}); each tile's sums stay in
     * registers over a block of positions, and the blocks are added in order, so the bits depend on the shape
     * and the images only.
     */
    void weightGradientOnTapRows(Conv2dShape s, float[] x, float[] dy, int first, int end, float[] acc) {
        int mr = kernel.shiftedRows(), nr = kernel.nr(), cout = s.outChannels(), per = stack(s, end - first);
        int taps = taps(s);
        int rows = (taps + mr - 1) / mr * mr, cols = (cout + nr - 1) / nr * nr;
        float[] sums = SUMS.get(rows * cols);
        Arrays.fill(sums, 0, rows * cols, 0f);
        for (int n = first; n < end; n += per) {
            PaddedGrid g = inputGrid(s, Math.min(per, end - n));
            int span = g.span();
            // The rows past the last tap read its window again (computed, never written back).
            int[] starts = Arrays.copyOf(g.offsets, rows);
            Arrays.fill(starts, taps, rows, g.offsets[taps - 1]);
            float[] grid = g.fill(GRID.get(g.gridFloats(nr)), x, n, nr);
            float[] panels = g.spreadAcross(dy, n, cout, DY.get(cols * span), nr);
            addTapRowProducts(kernel, span, grid, 0, starts, rows, panels, 0, cols, sums, 0);
        }
        for (int co = 0; co < cout; co++) {
            for (int t = 0; t < taps; t++) {
                acc[co * taps + t] = sums[t * cols + co];
            }
        }
    }

    /**
     * sums[s0 + t * cols + j] (t < rows, j < cols) += the tap rows' windows of the grid (row t from
     * grid[g0 + starts[t]]) times the panels of dy from p0 (nr channels each, position after position) over
     * {@code span} positions, block of {@link #TAP_BLOCK} positions after block. Also {@link WinogradRowsConv}'s.
     */
    static void addTapRowProducts(Microkernel kernel, int span, float[] grid, int g0, int[] starts, int rows,
                                  float[] panels, int p0, int cols, float[] sums, int s0) {
        int mr = kernel.shiftedRows(), nr = kernel.nr();
        for (int q0 = 0; q0 < span; q0 += TAP_BLOCK) {
            int kc = Math.min(TAP_BLOCK, span - q0);
            for (int j0 = 0; j0 < cols; j0 += nr) {
                for (int t0 = 0; t0 < rows; t0 += mr) {
                    kernel.runShiftedRows(kc, grid, g0 + q0, starts, t0, panels, p0 + j0 * span + q0 * nr, sums,
                            s0 + t0 * cols + j0, cols);
                }
            }
        }
    }

    /** acc (+)= the weight gradient of the images of grid g from image n; the first call overwrites. */
    private void addWeightGradient(Conv2dShape s, PaddedGrid g, float[] x, float[] dy, int n, float[] acc,
                                   boolean overwrite) {
        int nr = kernel.nr(), tr = kernel.dotRows(), tc = kernel.dotCols(), cout = s.outChannels(), taps = g.taps;
        int len = (g.span() + nr - 1) / nr * nr, rows = (cout + tr - 1) / tr * tr, cols = (taps + tc - 1) / tc * tc;
        float[] grid = g.fill(GRID.get(g.gridFloats(nr)), x, n, nr);
        float[] lines = g.spread(dy, n, cout, DY.get(rows * len), rows, len);
        float[] sums = SUMS.get(rows * cols);
        for (int i0 = 0; i0 < rows; i0 += tr) {
            for (int j0 = 0; j0 < cols; j0 += tc) {
                kernel.dotTile(len, lines, i0 * len, len, grid, 0, g.offsets, j0, sums, i0 * cols + j0, cols);
            }
        }
        for (int co = 0; co < cout; co++) {
            for (int t = 0; t < taps; t++) {
                acc[co * taps + t] = overwrite ? sums[co * cols + t] : acc[co * taps + t] + sums[co * cols + t];
            }
        }
    }

    /** wt[ci][co][ky][kx] = w[co][ci][kh - 1 - ky][kw - 1 - kx]. */
    static float[] flipped(Conv2dShape s, float[] w) {
        int cin = s.inChannels(), cout = s.outChannels(), kh = s.kernelH(), kw = s.kernelW();
        float[] wt = FLIPPED.get(w.length); // every element written below
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
        float[] packed = PACKED.get(padded * taps); // every panel written in whole below
        Packing.packKernel(w, 0, rows, taps, mr, packed, 0);
        return packed;
    }

    /** Image n: dst[n] = packed [rows, taps] x the shifted grid of src[n] (+ bias per row). */
    private void convolve(PaddedGrid g, float[] src, int n, float[] packed, int rows, float[] bias, float[] dst) {
        int nr = kernel.nr(), mr = kernel.mr(), padded = (rows + mr - 1) / mr * mr, span = g.span();
        // Output rows padded to whole tiles: the last tile of a row is computed in full (the grid's tail
        // holds its reads) and its extra columns dropped, instead of going through the partial-tile path.
        int ldo = (span + nr - 1) / nr * nr;
        float[] grid = g.fill(GRID.get(g.gridFloats(nr)), src, n, nr);
        float[] out = OUT.get(rows * ldo);
        for (int r = 0; r < rows; r++) {
            Arrays.fill(out, r * ldo, r * ldo + span, bias == null ? 0f : bias[r]);
        }
        for (int p0 = 0; p0 < g.taps; p0 += SgemmCpu.KC) {
            int kc = Math.min(SgemmCpu.KC, g.taps - p0), base = padded * p0;
            for (int q0 = 0; q0 < span; q0 += nr) {
                for (int i0 = 0; i0 < rows; i0 += mr) {
                    kernel.runShifted(kc, packed, base + i0 * kc, grid, q0, g.offsets, p0, out, i0 * ldo + q0, ldo,
                            Math.min(mr, rows - i0), nr);
                }
            }
        }
        g.compact(out, ldo, rows, dst, n);
    }
}
