package org.mimo4j.engine.backend;

import java.util.stream.Stream;

/**
 * Convolution on the CPU. Stride-1 layers (the common case) run on the zero-padded input grid without
 * unfolding it ({@link PaddedGridConv}), those with 3-row kernels and enough channels with Winograd's F(2, 3)
 * down the columns on top of it ({@link WinogradRowsConv}: forward, backward-data, and the weight gradient by
 * its transpose F(3, 2)); other layers run as
 * im2col + {@link SgemmCpu}, per group and per image (forward: per few images when they are small).
 * Forward and backward-data are parallel over images (each writes its own slice). Backward-weight sums
 * over images, so images are split into a number of chunks that depends on the shape only, never on the
 * thread count, each summed into its own partial gradient; the partials are then added in chunk order.
 * That keeps results identical for any number of threads.
 */
final class Conv2dCpu {
    /** Partial weight gradients in backward-weight: bounds the extra memory to this many weight copies. */
    private static final int WEIGHT_CHUNKS = 8;

    private final SgemmCpu gemm;
    private final WorkerPool pool;
    /** Stride-1 layers without im2col: forward, backward-data and the weight gradient. */
    private final PaddedGridConv grid;
    /** Stride-1 layers with 3-row kernels and enough channels: forward and backward-data. */
    private final WinogradRowsConv winograd;
    /** Per thread and shared by all backends: a thread unfolds one image at a time. */
    private static final Scratch COLUMNS = new Scratch();
    /** Per thread: the product of a forward GEMM over several images, or their gathered output gradients. */
    private static final Scratch PRODUCTS = new Scratch();
    /**
     * Per chunk index and thread: the partial weight gradient of chunks 1 and up, reused across calls. Fresh
     * ones took 0.39-0.40 ms per call (seven arrays of 4,608 floats for the small CNN's 16 -> 32 layer, one
     * thread) in some JVMs, as much as the products themselves; the whole call went 0.93-0.98 -> 0.55 ms.
     */
    private static final Scratch[] PARTIALS =
            Stream.generate(Scratch::new).limit(WEIGHT_CHUNKS).toArray(Scratch[]::new);
    /**
     * Adds of the partial weight gradients below which they run on the calling thread, without a parallel
     * region: the small CNN's 16 -> 32 layer (7 x 4,608 adds) then took 320-385 us for its weight gradient
     * on 2 threads against 337-409 (medians of 300 x 10 calls, three alternating pairs of JVMs).
     */
    private static final long PARALLEL_ADDS = 1 << 16;
    /** Columns a GEMM over several small images aims at: a few tiles of 32 wide, the column matrix in L2. */
    static final int GEMM_COLUMNS = 512;

    Conv2dCpu(SgemmCpu gemm, WorkerPool pool) {
        this.gemm = gemm;
        this.pool = pool;
        this.grid = new PaddedGridConv(gemm.kernel(), pool);
        this.winograd = new WinogradRowsConv(gemm.kernel(), pool);
    }

    /**
     * y = w unfold(x) + bias: by Winograd where {@link WinogradRowsConv#forwardApplies} says so, else on the
     * padded grid for stride 1 ({@link PaddedGridConv}), else through im2col.
     */
    void forward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        if (WinogradRowsConv.forwardApplies(s, gemm.mr())) {
            winograd.forward(s, x, w, bias, y);
        } else if (PaddedGridConv.forwardApplies(s)) {
            grid.forward(s, x, w, bias, y);
        } else {
            forwardUnfolded(s, x, w, bias, y);
        }
    }

    /**
     * {@link #forward} through im2col, whatever the stride (package-private for tests). Small images are
     * unfolded several to a column matrix ({@link #imagesPerGemm}) and multiplied at once into a scratch
     * product, then copied into y image by image: one GEMM with hundreds of columns instead of several
     * whose column count is a poor multiple of the tile.
     */
    void forwardUnfolded(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        Im2col im = new Im2col(s);
        int coutG = s.outChannels() / s.groups(), pixels = im.cols(), kdim = im.rows();
        int per = imagesPerGemm(pixels), tasks = (s.n() + per - 1) / per;
        pool.forEach(tasks, t -> {
            // Images spread evenly over the tasks (counts differ by at most one), so two threads share evenly.
            int first = (int) ((long) t * s.n() / tasks), count = (int) ((long) (t + 1) * s.n() / tasks) - first;
            int cols = count * pixels;
            float[] col = COLUMNS.get(kdim * cols);
            float[] product = per == 1 ? null : PRODUCTS.get(coutG * cols);
            for (int g = 0; g < s.groups(); g++) {
                for (int i = 0; i < count; i++) {
                    im.unfold(x, first + i, g, col, i * pixels, cols);
                }
                if (product == null) {
                    int yOff = (first * s.outChannels() + g * coutG) * pixels;
                    fillBias(bias, g * coutG, coutG, pixels, y, yOff);
                    gemm.sgemm(false, false, coutG, pixels, kdim, 1f, w, g * coutG * kdim, kdim, 0,
                            col, 0, pixels, 0, bias == null ? 0f : 1f, y, yOff, pixels, 0, 1);
                } else {
                    gemm.sgemm(false, false, coutG, cols, kdim, 1f, w, g * coutG * kdim, kdim, 0,
                            col, 0, cols, 0, 0f, product, 0, cols, 0, 1);
                    scatterImages(s, product, first, count, g, bias, y);
                }
            }
        });
    }

    /**
     * Images per GEMM: enough that the product has about {@link #GEMM_COLUMNS} columns (1 for images
     * of that many pixels or more). It depends on the geometry only, so results do not depend on the
     * thread count.
     */
    static int imagesPerGemm(int pixels) {
        return Math.max(1, GEMM_COLUMNS / pixels);
    }

    /** y[first + i, group] := product[:, i * pixels ...] (+ bias) for the images of one GEMM. */
    private static void scatterImages(Conv2dShape s, float[] product, int first, int count, int g, float[] bias,
                                      float[] y) {
        int coutG = s.outChannels() / s.groups(), pixels = s.outH() * s.outW(), cols = count * pixels;
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < coutG; c++) {
                int src = c * cols + i * pixels, dst = ((first + i) * s.outChannels() + g * coutG + c) * pixels;
                float b = bias == null ? 0f : bias[g * coutG + c];
                for (int j = 0; j < pixels; j++) {
                    y[dst + j] = b + product[src + j];
                }
            }
        }
    }

    private static void fillBias(float[] bias, int c0, int channels, int pixels, float[] y, int yOff) {
        if (bias == null) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            java.util.Arrays.fill(y, yOff + c * pixels, yOff + (c + 1) * pixels, bias[c0 + c]);
        }
    }

    /**
     * dx = fold(w^T dy) per group: by Winograd where {@link WinogradRowsConv#backwardDataApplies} says so,
     * else on the padded grid where {@link PaddedGridConv#backwardDataApplies} does, else through im2col.
     */
    void backwardData(Conv2dShape s, float[] dy, float[] w, float[] dx) {
        if (WinogradRowsConv.backwardDataApplies(s, gemm.mr())) {
            winograd.backwardData(s, dy, w, dx);
        } else if (PaddedGridConv.backwardDataApplies(s, gemm.mr())) {
            grid.backwardData(s, dy, w, dx);
        } else {
            backwardDataUnfolded(s, dy, w, dx);
        }
    }

    /**
     * {@link #backwardData} through im2col and col2im, whatever the stride (package-private for tests);
     * small images several to one GEMM, as in {@link #forwardUnfolded}: their output gradients gathered
     * side by side, the product's columns folded back image by image.
     */
    void backwardDataUnfolded(Conv2dShape s, float[] dy, float[] w, float[] dx) {
        Im2col im = new Im2col(s);
        int coutG = s.outChannels() / s.groups(), pixels = im.cols(), kdim = im.rows();
        int image = s.inChannels() * s.inH() * s.inW();
        int per = imagesPerGemm(pixels), tasks = (s.n() + per - 1) / per;
        pool.forEach(tasks, t -> {
            int first = (int) ((long) t * s.n() / tasks), count = (int) ((long) (t + 1) * s.n() / tasks) - first;
            int cols = count * pixels;
            float[] col = COLUMNS.get(kdim * cols);
            java.util.Arrays.fill(dx, first * image, (first + count) * image, 0f);
            for (int g = 0; g < s.groups(); g++) {
                float[] grad = dy;
                int dyOff = (first * s.outChannels() + g * coutG) * pixels;
                if (per > 1) {
                    grad = gatherImages(s, dy, first, count, g);
                    dyOff = 0;
                }
                gemm.sgemm(true, false, kdim, cols, coutG, 1f, w, g * coutG * kdim, kdim, 0,
                        grad, dyOff, cols, 0, 0f, col, 0, cols, 0, 1);
                for (int i = 0; i < count; i++) {
                    im.foldAdd(col, i * pixels, cols, dx, first + i, g);
                }
            }
        });
    }

    /** [coutG, count * pixels]: dy[first + i, group] side by side, the B operand of one GEMM over the images. */
    private static float[] gatherImages(Conv2dShape s, float[] dy, int first, int count, int g) {
        int coutG = s.outChannels() / s.groups(), pixels = s.outH() * s.outW(), cols = count * pixels;
        float[] grad = PRODUCTS.get(coutG * cols);
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < coutG; c++) {
                System.arraycopy(dy, ((first + i) * s.outChannels() + g * coutG + c) * pixels, grad, c * cols + i * pixels,
                        pixels);
            }
        }
        return grad;
    }

    /**
     * dw = sum over images of dy[n] unfold(x[n])^T per group: by Winograd where {@link
     * WinogradRowsConv#weightGradientApplies} says so, else for a stride-1 convolution with few output channels on
     * the padded grid ({@link PaddedGridConv#weightGradient}), else through im2col.
     */
    void backwardWeight(Conv2dShape s, float[] x, float[] dy, float[] dw) {
        if (PaddedGridConv.weightGradientApplies(s)) {
            ImagesGradient images = WinogradRowsConv.weightGradientApplies(s, gemm.nr())
                    ? (first, end, acc) -> winograd.weightGradient(s, x, dy, first, end, acc)
                    : (first, end, acc) -> grid.weightGradient(s, x, dy, first, end, acc);
            sumOverImages(s, dw, PaddedGridConv.chunks(s, WEIGHT_CHUNKS), images);
            return;
        }
        int taps = s.inChannels() / s.groups() * s.kernelH() * s.kernelW();
        backwardWeightUnfolded(s, x, dy, dw, tapsAsRows(taps, s.outChannels() / s.groups(), gemm.mr(), gemm.nr()));
    }

    /**
     * {@link #backwardWeight} through im2col, in a chosen orientation: as written (rows = output channels)
     * or transposed, dw^T (+)= unfold(x) dy^T (rows = the cinG * kh * kw kernel taps), transposed back at
     * the end. Either way every element sees the same products in the same order (for tests: both must
     * agree bit for bit).
     */
    void backwardWeightUnfolded(Conv2dShape s, float[] x, float[] dy, float[] dw, boolean transposed) {
        Im2col im = new Im2col(s);
        float[] target = transposed ? new float[s.weightSize()] : dw;
        sumOverImages(s, target, Math.min(WEIGHT_CHUNKS, s.n()), (first, end, acc) -> {
            float[] col = COLUMNS.get(im.rows() * im.cols());
            for (int n = first; n < end; n++) {
                accumulateImage(s, im, x, dy, n, col, acc, n == first, transposed);
            }
        });
        if (transposed) {
            transposeGroups(target, s.groups(), im.rows(), s.outChannels() / s.groups(), dw);
        }
    }

    /** acc := the weight gradient summed over images [first, end). */
    private interface ImagesGradient {
        void sum(int first, int end, float[] acc);
    }

    /**
     * target = the weight gradient over all images: the images split into {@code chunks} chunks (a number that
     * depends on the shape only), each summed into its own partial (the first into target itself), the
     * partials then added in chunk order.
     */
    private void sumOverImages(Conv2dShape s, float[] target, int chunks, ImagesGradient images) {
        int size = s.weightSize();
        float[][] partial = new float[chunks][];
        pool.forEach(chunks, chunk -> {
            float[] acc = chunk == 0 ? target : PARTIALS[chunk].get(size); // overwritten by images.sum
            partial[chunk] = acc;
            images.sum(chunk * s.n() / chunks, (chunk + 1) * s.n() / chunks, acc);
        });
        // A parallel region costs more than adding a small weight's partials on this thread.
        int parts = (long) size * (chunks - 1) < PARALLEL_ADDS ? 1 : chunks;
        pool.forEach(parts, part -> addPartials(partial, (int) ((long) part * size / parts),
                (int) ((long) (part + 1) * size / parts)));
    }

    /**
     * Whether the weight-gradient GEMM should take the kernel taps as rows: a cost estimate per output
     * pixel in multiply-adds, of the microkernel tiles including their padding plus the packing, where
     * the operand packed as B is scattered (about 16 multiply-adds an element) and the one packed as A
     * is written in order (about 6). It picks the transposed form for 3x3 layers with 16-32 output
     * channels (the small CNN) and the written one for the 5x5 LeNet layers and a 3 -> 64 CIFAR layer.
     */
    static boolean tapsAsRows(int taps, int coutG, int mr, int nr) {
        long asWritten = padded(coutG, mr) * padded(taps, nr) + 16L * taps + 6L * coutG;
        long transposed = padded(taps, mr) * padded(coutG, nr) + 16L * coutG + 6L * taps;
        return transposed < asWritten;
    }

    private static long padded(int size, int tile) {
        return (long) (size + tile - 1) / tile * tile;
    }

    /** acc (+)= dy[n] unfold(x[n])^T per group, or its transpose; the first image of a chunk overwrites. */
    private void accumulateImage(Conv2dShape s, Im2col im, float[] x, float[] dy, int n, float[] col, float[] acc,
                                 boolean first, boolean transposed) {
        int coutG = s.outChannels() / s.groups(), pixels = im.cols(), kdim = im.rows();
        float beta = first ? 0f : 1f;
        for (int g = 0; g < s.groups(); g++) {
            im.unfold(x, n, g, col);
            int dyOff = (n * s.outChannels() + g * coutG) * pixels, accOff = g * coutG * kdim;
            if (transposed) {
                gemm.sgemm(false, true, kdim, coutG, pixels, 1f, col, 0, pixels, 0, dy, dyOff, pixels, 0,
                        beta, acc, accOff, coutG, 0, 1);
            } else {
                gemm.sgemm(false, true, coutG, kdim, pixels, 1f, dy, dyOff, pixels, 0, col, 0, pixels, 0,
                        beta, acc, accOff, kdim, 0, 1);
            }
        }
    }

    /** dw[g][o][t] = wt[g][t][o]: the per-group [kdim, coutG] blocks back into the weight layout. */
    private static void transposeGroups(float[] wt, int groups, int kdim, int coutG, float[] dw) {
        for (int g = 0, base = 0; g < groups; g++, base += kdim * coutG) {
            for (int t = 0; t < kdim; t++) {
                for (int o = 0; o < coutG; o++) {
                    dw[base + o * kdim + t] = wt[base + t * coutG + o];
                }
            }
        }
    }

    /** partial[0][i] = sum over chunks, in chunk order, for i in [from, to). */
    private static void addPartials(float[][] partial, int from, int to) {
        for (int c = 1; c < partial.length; c++) {
            float[] p = partial[c];
            for (int i = from; i < to; i++) {
                partial[0][i] += p[i];
            }
        }
    }
}
