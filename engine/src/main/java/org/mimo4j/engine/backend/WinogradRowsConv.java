package org.mimo4j.engine.backend;

import java.util.Arrays;

/**
 * Stride-1 convolution with three-row kernels by Winograd's minimal filtering F(2, 3) down the columns:
 * two output rows from four input rows with four products per tap column instead of six.
 *
 * <p>For one column of a 3 x kw kernel, g = (g0, g1, g2) down the rows, and four consecutive input rows
 * d0..d3 (of the zero-padded image), the two output rows are y = A^T [(G g) . (B^T d)] with
 * <pre>
 *   B^T d = (d0 - d2, d1 + d2, d2 - d1, d1 - d3)          (the input transform, {@link #transformInput})
 *   G g   = (g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2)  (the kernel transform, {@link #transformKernel})
 *   y0 = m0 + m1 + m2,  y1 = m1 - m2 - m3                (the output transform, {@link #transformOutput})
 * </pre>
 * Each of the four products m_a, over all input channels and the kw columns of the kernel, is a stride-1
 * convolution with a 1 x kw kernel on the a-th transformed input plane: the shifted-grid GEMM of {@link
 * PaddedGridConv} with cin * kw taps on half as many lines. So a 3 x 3 layer costs 4 x 3 = 12 multiply-adds
 * per input channel and pair of output pixels instead of 18, and the transforms are adds over whole lines.
 * The columns stay direct: a transform along them too (F(2x2, 3x3)) would put each tile's outputs two
 * columns apart, and interleaving them back costs a scalar store per output.
 *
 * <p>Measured on the small CNN's 16 -> 32 layer (batch 32, 14x14, medians of 200 x 10 calls, both layouts
 * alternating in one JVM): the GEMMs take 0.63x the time of {@link PaddedGridConv}'s, the transforms give
 * back part of it (they write four planes of the input and read four of the output, where the direct
 * layout copies each once). On 2 threads the forward went 331 -> 247-251 us and backward-data 273-281 ->
 * 251-253; on 1 thread 462 -> 434 and 460 -> 444.
 *
 * <p>The weight gradient runs the transpose, F(3, 2) ({@link #weightGradient}): the forward's input planes against
 * dy transformed by A (two rows of dy in, four planes out), four GEMMs on tap rows of cin * kw rows, and G^T once
 * on the sums. Measured on the small CNN's 16 -> 32 layer (batch 32, one JVM alternating it with the tap-rows
 * GEMM of {@link PaddedGridConv}, medians of 12 rounds of 100 calls, AMD EPYC Zen 3, AVX2): 0.75-0.77x the time on
 * 2 threads (889-909 against 1157-1202 us, faster in every round of two runs) and 0.74x on 1 (1802 against
 * 2431). Transposing dy into channel panels costs what it did on tap rows (over 14 of 16 lines).
 *
 * <p>Bits differ from the direct sum (rounding in other places; errors of a few ulps of the inputs'
 * magnitudes, as the tests bound them), and a non-finite input can turn the outputs it feeds into NaN
 * where the direct sum gives an infinity (inf - inf in the transforms); it reaches no other output. Each
 * output's sums run in a fixed order whatever the thread count.
 */
final class WinogradRowsConv {
    /**
     * Input channels below which the direct layouts stay: each product's GEMM has cin * kw taps, and on
     * short sums the register tile's stores weigh more than the multiply-adds saved.
     */
    static final int MIN_CHANNELS = 8;
    /** Output positions a task's GEMMs aim at: small images are stacked side by side up to this. */
    static final int SPAN = 256;
    /** Whether the transforms run on the Vector API ({@link WinogradRowsSimd}); the bits are the same either way. */
    static final boolean SIMD = Microkernels.vectorPathUsable(() -> WinogradRowsSimd.lanes());

    /** Per thread: the padded images, {@link Layout#gridLines} lines per channel. */
    private static final Scratch GRID = new Scratch();
    /** Per thread: the four transformed input planes. */
    private static final Scratch PLANES = new Scratch();
    /** Per thread: the four products, rows by positions. */
    private static final Scratch PRODUCTS = new Scratch();
    /** Per thread: the last output rows of a plane, in whole vectors. */
    private static final Scratch ROWS = new Scratch();
    /** Per calling thread: the four transformed kernels, unpacked and packed as the microkernel's A panels. */
    private static final Scratch TRANSFORMED = new Scratch();
    private static final Scratch PACKED = new Scratch();
    /** Per thread: the weight gradient's four transformed planes of dy, in panels of nr channels. */
    private static final Scratch GRADIENTS = new Scratch();
    /** Per thread: the weight gradient's four products, tap rows by channels. */
    private static final Scratch SUMS = new Scratch();

    private final Microkernel kernel;
    private final WorkerPool pool;

    WinogradRowsConv(Microkernel kernel, WorkerPool pool) {
        this.kernel = kernel;
        this.pool = pool;
    }

    /**
     * Whether the forward of {@code s} runs here: stride 1, no dilation, one group, a 3-row kernel, at least
     * {@link #MIN_CHANNELS} input channels and half a register tile ({@code mr} rows) of output channels
     * (with fewer, most of every tile's rows would be padding; as {@link PaddedGridConv#backwardDataApplies}).
     */
    static boolean forwardApplies(Conv2dShape s, int mr) {
        return takes(s) && s.inChannels() >= MIN_CHANNELS && 2 * s.outChannels() >= mr;
    }

    /** Whether backward-data does: the same convolution with the channel roles swapped. */
    static boolean backwardDataApplies(Conv2dShape s, int mr) {
        return takes(s) && s.outChannels() >= MIN_CHANNELS && 2 * s.inChannels() >= mr;
    }

    private static boolean takes(Conv2dShape s) {
        return PaddedGridConv.forwardApplies(s) && s.kernelH() == 3 && s.padH() < 3 && s.padW() < s.kernelW();
    }

    /**
     * Whether the weight gradient of {@code s} runs here: the layers the forward could take whose weight gradient
     * would otherwise run on tap rows ({@link PaddedGridConv#tapRowsPay}), the same product on a quarter of the
     * rows over half the positions, four times.
     */
    static boolean weightGradientApplies(Conv2dShape s, int nr) {
        return takes(s) && PaddedGridConv.weightGradientApplies(s) && PaddedGridConv.tapRowsPay(s, nr);
    }

    /** y = w * x + bias. */
    void forward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        Layout g = new Layout(s.inChannels(), s.inH(), s.inW(), s.padH(), s.padW(), s.kernelW(), s.n());
        run(g, x, w, s.outChannels(), bias, y, s.n());
    }

    /** dx = the flipped, channel-swapped kernel over dy padded by k - 1 - pad. */
    void backwardData(Conv2dShape s, float[] dy, float[] w, float[] dx) {
        Layout g = new Layout(s.outChannels(), s.outH(), s.outW(), 2 - s.padH(), s.kernelW() - 1 - s.padW(),
                s.kernelW(), s.n());
        run(g, dy, PaddedGridConv.flipped(s, w), s.inChannels(), null, dx, s.n());
    }

    /**
     * acc = the weight gradient of images [first, end), by the transpose of the forward's F(2, 3): for one
     * kernel column, output rows 2 ty and 2 ty + 1 of dy, g = (e, o), add to the kernel's three rows
     * c_ky = e d_ky + o d_(ky+1) from input rows d0..d3, which is F(3, 2): c = G^T [(A g) . (B^T d)] with the
     * forward's G, B^T and A^T, A g = (e, e + o, e - o, -o). Each of the four products, summed over every pair,
     * column and image, is the weight gradient's GEMM on tap rows ({@link PaddedGridConv#addTapRowProducts}):
     * rows the cin * kw taps' shifted windows of the forward's transformed plane, columns the output channels
     * from the transformed dy; G^T comes once at the end ({@link #transformWeightGradient}). So 4 x cin * kw
     * multiply-adds per channel and pair of output pixels instead of 2 x cin * 3 * kw, and positions are the
     * pairs', without the padding rows. As on tap rows, the zeros of dy's dropped columns cancel the inputs
     * they meet only while those are finite: an infinite input can turn other taps' sums into NaN.
     */
    void weightGradient(Conv2dShape s, float[] x, float[] dy, int first, int end, float[] acc) {
        Layout g = new Layout(s.inChannels(), s.inH(), s.inW(), s.padH(), s.padW(), s.kernelW(), end - first);
        int mr = kernel.shiftedRows(), nr = kernel.nr(), cout = s.outChannels();
        int rows = (g.taps + mr - 1) / mr * mr, cols = (cout + nr - 1) / nr * nr, block = rows * cols;
        float[] sums = SUMS.get(4 * block);
        Arrays.fill(sums, 0, 4 * block, 0f);
        for (int n = first; n < end; n += g.stack) {
            int count = Math.min(g.stack, end - n), span = g.span(count), planes = g.channels * span;
            float[] v = transformInput(g, g.fill(GRID.get(g.gridFloats(count)), x, n, count), count,
                    PLANES.get(4 * planes + g.kw + nr));
            float[] u = transformGradient(g, dy, n, count, cout, cols, GRADIENTS.get(4 * cols * span));
            // The rows past the last tap read its window again (computed, never read back).
            int[] starts = Arrays.copyOf(g.offsets(span), rows);
            Arrays.fill(starts, g.taps, rows, starts[g.taps - 1]);
            for (int a = 0; a < 4; a++) {
                PaddedGridConv.addTapRowProducts(kernel, span, v, a * planes, starts, rows, u, a * cols * span, cols,
                        sums, a * block);
            }
        }
        transformWeightGradient(g, sums, block, cols, cout, acc);
    }

    /**
     * The four planes A g of dy's images [first, first + count), in panels of nr channels at the forward's output
     * positions (pair ty, image k, column x at ty * line + k * wp + x): with e and o the pair's two rows (o zero
     * past the last row), e, e + o, e - o and o; the sign of A g's last component, -o, is taken in {@link
     * #transformWeightGradient}. Zero at the columns past outW and the channels past cout.
     */
    private float[] transformGradient(Layout g, float[] dy, int first, int count, int cout, int cols, float[] u) {
        int span = g.span(count), size = cols * span, line = g.line(count), pixels = g.outH * g.outW, nr = kernel.nr();
        Arrays.fill(u, 0, size, 0f);
        Arrays.fill(u, 3 * size, 4 * size, 0f);
        for (int k = 0; k < count; k++) {
            for (int co = 0; co < cout; co += 4) {
                int live = Math.min(4, cout - co), panel = co / nr * span * nr + k * g.wp * nr + co % nr;
                for (int oy = 0; oy < g.outH; oy++) {
                    PaddedGrid.copyAcross(dy, ((first + k) * cout + co) * pixels + oy * g.outW, pixels, live, g.outW,
                            u, (oy & 1) * 3 * size + panel + (oy >> 1) * line * nr, nr);
                }
            }
        }
        if (SIMD) {
            WinogradRowsSimd.sumAndDifference(u, size);
        } else {
            sumAndDifference(u, size, 0);
        }
        return u;
    }

    /** u[size + i] = u[i] + u[3 size + i] and u[2 size + i] = u[i] - u[3 size + i] for i in [from, size). */
    static void sumAndDifference(float[] u, int size, int from) {
        for (int i = from; i < size; i++) {
            float e = u[i], o = u[3 * size + i];
            u[size + i] = e + o;
            u[2 * size + i] = e - o;
        }
    }

    /**
     * acc[co][c][ky][kx] = G^T (m0, m1, m2, -m3): kernel rows m0 + (m1 + m2) / 2, (m1 - m2) / 2 and
     * (m1 + m2) / 2 - m3, from the four products' sums (product a's at a * block, tap row c * kw + kx by
     * channel co).
     */
    private static void transformWeightGradient(Layout g, float[] sums, int block, int cols, int cout, float[] acc) {
        int kw = g.kw;
        for (int co = 0; co < cout; co++) {
            for (int c = 0; c < g.channels; c++) {
                for (int kx = 0; kx < kw; kx++) {
                    int at = (c * kw + kx) * cols + co, to = (co * g.channels + c) * 3 * kw + kx;
                    float m0 = sums[at], m1 = sums[block + at], m2 = sums[2 * block + at], m3 = sums[3 * block + at];
                    float half = (m1 + m2) * 0.5f;
                    acc[to] = m0 + half;
                    acc[to + kw] = (m1 - m2) * 0.5f;
                    acc[to + 2 * kw] = half - m3;
                }
            }
        }
    }

    private void run(Layout g, float[] src, float[] w, int rows, float[] bias, float[] dst, int n) {
        float[] packed = transformKernel(w, rows, g);
        int tasks = (n + g.stack - 1) / g.stack;
        pool.forEach(tasks, t -> {
            int first = t * g.stack;
            convolve(g, src, first, Math.min(g.stack, n - first), packed, rows, bias, dst);
        });
    }

    /**
     * The four transformed kernels G g [rows, channels * kw], one after another, each packed as A panels in
     * blocks of {@link SgemmCpu#KC} taps.
     */
    private float[] transformKernel(float[] w, int rows, Layout g) {
        int taps = g.taps, kw = g.kw, mr = kernel.mr(), padded = (rows + mr - 1) / mr * mr;
        float[] u = TRANSFORMED.get(4 * rows * taps); // every element written below
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < g.channels; c++) {
                for (int kx = 0; kx < kw; kx++) {
                    int src = (r * g.channels + c) * 3 * kw + kx, dst = r * taps + c * kw + kx;
                    float g0 = w[src], g1 = w[src + kw], g2 = w[src + 2 * kw];
                    u[dst] = g0;
                    u[rows * taps + dst] = (g0 + g1 + g2) * 0.5f;
                    u[2 * rows * taps + dst] = (g0 - g1 + g2) * 0.5f;
                    u[3 * rows * taps + dst] = g2;
                }
            }
        }
        float[] packed = PACKED.get(4 * padded * taps); // every panel written in whole below
        for (int a = 0; a < 4; a++) {
            Packing.packKernel(u, (long) a * rows * taps, rows, taps, mr, packed, a * padded * taps);
        }
        return packed;
    }

    /**
     * Images [first, first + count) of dst = the packed kernels over the transformed planes of src: one
     * register tile of rows at a time, its four products (a few tens of KiB) still in L1 when they are
     * transformed into outputs.
     */
    private void convolve(Layout g, float[] src, int first, int count, float[] packed, int rows, float[] bias,
                          float[] dst) {
        int nr = kernel.nr(), mr = kernel.mr(), padded = (rows + mr - 1) / mr * mr, span = g.span(count);
        int ldo = (span + nr - 1) / nr * nr, planes = g.channels * span, plane = mr * ldo;
        float[] planesOf = transformInput(g, g.fill(GRID.get(g.gridFloats(count)), src, first, count), count,
                PLANES.get(4 * planes + g.kw + nr));
        int[] offsets = g.offsets(span);
        float[] products = PRODUCTS.get(4 * plane + nr); // reads of whole vectors run up to nr past a row
        for (int i0 = 0; i0 < rows; i0 += mr) {
            int live = Math.min(mr, rows - i0);
            Arrays.fill(products, 0, 4 * plane, 0f);
            for (int a = 0; a < 4; a++) {
                for (int p0 = 0; p0 < g.taps; p0 += SgemmCpu.KC) {
                    int kc = Math.min(SgemmCpu.KC, g.taps - p0), at = (a * g.taps + p0) * padded + i0 * kc;
                    for (int q0 = 0; q0 < span; q0 += nr) {
                        kernel.runShifted(kc, packed, at, planesOf, a * planes + q0, offsets, p0, products,
                                a * plane + q0, ldo, live, nr);
                    }
                }
            }
            transformOutput(g, products, plane, ldo, i0, live, rows, bias, dst, first, count);
        }
    }

    /**
     * The four planes B^T d: plane a, channel c, at position ty * line + x, from grid lines 2 ty .. 2 ty + 3
     * (even lines ty and ty + 1, odd lines ty and ty + 1: one long loop per channel over all its pairs);
     * a zero tail of kw + nr floats past the last plane for the last tiles' reads.
     */
    private float[] transformInput(Layout g, float[] grid, int count, float[] planes) {
        int line = g.line(count), span = g.span(count), size = g.channels * span;
        for (int c = 0; c < g.channels; c++) {
            int even = c * g.gridLines * line, odd = even + (g.pairs + 1) * line;
            if (SIMD) {
                WinogradRowsSimd.transformInput(grid, even, odd, line, planes, c * span, size, span);
            } else {
                transformInput(grid, even, odd, line, planes, c * span, size, span, 0);
            }
        }
        Arrays.fill(planes, 4 * size, 4 * size + g.kw + kernel.nr(), 0f);
        return planes;
    }

    /** One channel's planes at positions j in [from, span): e0 - e1, o0 + e1, e1 - o0, o0 - o1 (e1, o1: a line on). */
    static void transformInput(float[] grid, int even, int odd, int line, float[] planes, int o, int size, int span,
                               int from) {
        for (int j = from; j < span; j++) {
            float e0 = grid[even + j], e1 = grid[even + line + j], o0 = grid[odd + j], o1 = grid[odd + line + j];
            planes[o + j] = e0 - e1;
            planes[size + o + j] = o0 + e1;
            planes[2 * size + o + j] = e1 - o0;
            planes[3 * size + o + j] = o0 - o1;
        }
    }

    /**
     * dst rows 2 ty and 2 ty + 1 (where it exists) = A^T (m0..m3) + bias, for every image and the live rows
     * from i0 (row r of the products is row i0 + r).
     */
    private static void transformOutput(Layout g, float[] m, int plane, int ldo, int i0, int live, int rows,
                                        float[] bias, float[] dst, int first, int count) {
        int line = g.line(count), pixels = g.outH * g.outW;
        float[] last = SIMD ? ROWS.get(2 * WinogradRowsSimd.reach(g.outW)) : null;
        for (int k = 0; k < count; k++) {
            for (int r = 0; r < live; r++) {
                float b = bias == null ? 0f : bias[i0 + r];
                int q = r * ldo + k * g.wp, out = ((first + k) * rows + i0 + r) * pixels;
                if (SIMD) {
                    WinogradRowsSimd.transformOutput(m, q, plane, line, b, dst, out, g.outH, g.outW, last);
                } else {
                    for (int oy = 0; oy < g.outH; oy++) {
                        outputRow(m, q + (oy >> 1) * line, plane, b, (oy & 1) == 1, dst, out + oy * g.outW, g.outW);
                    }
                }
            }
        }
    }

    /**
     * dst[to + x] for x < width: the first output row of a pair, b + (m0 + m1 + m2), or the second,
     * b + (m1 - m2 - m3), from the products at j + x.
     */
    private static void outputRow(float[] m, int j, int plane, float b, boolean second, float[] dst, int to,
                                  int width) {
        if (second) {
            for (int x = 0; x < width; x++) {
                dst[to + x] = b + (m[plane + j + x] - m[2 * plane + j + x] - m[3 * plane + j + x]);
            }
        } else {
            for (int x = 0; x < width; x++) {
                dst[to + x] = b + (m[j + x] + m[plane + j + x] + m[2 * plane + j + x]);
            }
        }
    }

    /**
     * Where things lie: up to {@code stack} images of [channels, h, w], zero-padded to [hp, wp] and set side
     * by side along lines of count * wp floats (as in {@link PaddedGrid}), with {@link #gridLines} lines per
     * channel (one more zero line when the output height is odd): its even lines first, then its odd ones.
     * Output pair ty, image k, column x lies at position ty * line + k * wp + x of each plane.
     */
    static final class Layout {
        final int channels, h, w, padH, padW, kw, hp, wp, outH, outW, pairs, gridLines, taps, stack;

        Layout(int channels, int h, int w, int padH, int padW, int kw, int n) {
            this.channels = channels;
            this.h = h;
            this.w = w;
            this.padH = padH;
            this.padW = padW;
            this.kw = kw;
            this.hp = h + 2 * padH;
            this.wp = w + 2 * padW;
            this.outH = hp - 2;
            this.outW = wp - kw + 1;
            this.pairs = (outH + 1) / 2;
            this.gridLines = 2 * pairs + 2;
            this.taps = channels * kw;
            this.stack = Math.max(1, Math.min(n, Math.round((float) SPAN / (pairs * wp))));
        }

        int line(int count) {
            return count * wp;
        }

        /** Positions of one plane per channel: the pairs' lines. */
        int span(int count) {
            return pairs * line(count);
        }

        int gridFloats(int count) {
            return channels * gridLines * line(count);
        }

        /** Plane offset of tap (channel c, column kx) from its output position. */
        int[] offsets(int span) {
            int[] offsets = new int[taps];
            for (int c = 0, t = 0; c < channels; c++) {
                for (int kx = 0; kx < kw; kx++) {
                    offsets[t++] = c * span + kx;
                }
            }
            return offsets;
        }

        /** grid := images [first, first + count) of src ([n, channels, h, w]) with zero borders. */
        float[] fill(float[] grid, float[] src, int first, int count) {
            int line = line(count);
            Arrays.fill(grid, 0, gridFloats(count), 0f);
            for (int k = 0; k < count; k++) {
                for (int c = 0; c < channels; c++) {
                    int from = ((first + k) * channels + c) * h * w, to = c * gridLines * line + k * wp + padW;
                    for (int y = 0; y < h; y++) {
                        int gy = padH + y, at = ((gy & 1) * (pairs + 1) + (gy >> 1)) * line;
                        System.arraycopy(src, from + y * w, grid, to + at, w);
                    }
                }
            }
            return grid;
        }
    }
}
