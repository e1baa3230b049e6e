package org.mimo4j.engine.backend;

/**
 * Convolution as im2col + {@link SgemmCpu}, per image and group. Forward and backward-data are
 * parallel over images (each writes its own slice). Backward-weight sums over images, so images are
 * split into a fixed number of chunks, whatever the thread count, each summed into its own partial
 * gradient; the partials are then added in chunk order. That keeps results identical for any number
 * of threads.
 */
final class Conv2dCpu {
    /** Partial weight gradients in backward-weight: bounds the extra memory to this many weight copies. */
    private static final int WEIGHT_CHUNKS = 8;

    private final SgemmCpu gemm;
    private final WorkerPool pool;
    /** Per thread and shared by all backends: a thread unfolds one image at a time. */
    private static final Scratch COLUMNS = new Scratch();

    Conv2dCpu(SgemmCpu gemm, WorkerPool pool) {
        this.gemm = gemm;
        this.pool = pool;
    }

    void forward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        Im2col im = new Im2col(s);
        int coutG = s.outChannels() / s.groups(), pixels = im.cols(), kdim = im.rows();
        pool.forEach(s.n(), n -> {
            float[] col = COLUMNS.get(kdim * pixels);
            for (int g = 0; g < s.groups(); g++) {
                im.unfold(x, n, g, col);
                int yOff = (n * s.outChannels() + g * coutG) * pixels;
                fillBias(bias, g * coutG, coutG, pixels, y, yOff);
                gemm.sgemm(false, false, coutG, pixels, kdim, 1f, w, g * coutG * kdim, kdim, 0,
                        col, 0, pixels, 0, bias == null ? 0f : 1f, y, yOff, pixels, 0, 1);
            }
        });
    }

    private static void fillBias(float[] bias, int c0, int channels, int pixels, float[] y, int yOff) {
        if (bias == null) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            java.util.Arrays.fill(y, yOff + c * pixels, yOff + (c + 1) * pixels, bias[c0 + c]);
        }
    }

    void backwardData(Conv2dShape s, float[] dy, float[] w, float[] dx) {
        Im2col im = new Im2col(s);
        int coutG = s.outChannels() / s.groups(), pixels = im.cols(), kdim = im.rows();
        int image = s.inChannels() * s.inH() * s.inW();
        pool.forEach(s.n(), n -> {
            float[] col = COLUMNS.get(kdim * pixels);
            java.util.Arrays.fill(dx, n * image, (n + 1) * image, 0f);
            for (int g = 0; g < s.groups(); g++) {
                gemm.sgemm(true, false, kdim, pixels, coutG, 1f, w, g * coutG * kdim, kdim, 0,
                        dy, (n * s.outChannels() + g * coutG) * pixels, pixels, 0, 0f, col, 0, pixels, 0, 1);
                im.foldAdd(col, dx, n, g);
            }
        });
    }

    void backwardWeight(Conv2dShape s, float[] x, float[] dy, float[] dw) {
        Im2col im = new Im2col(s);
        int chunks = Math.min(WEIGHT_CHUNKS, s.n()), size = s.weightSize();
        float[][] partial = new float[chunks][];
        pool.forEach(chunks, chunk -> {
            float[] acc = chunk == 0 ? dw : new float[size];
            partial[chunk] = acc;
            float[] col = COLUMNS.get(im.rows() * im.cols());
            int first = chunk * s.n() / chunks, end = (chunk + 1) * s.n() / chunks;
            for (int n = first; n < end; n++) {
                accumulateImage(s, im, x, dy, n, col, acc, n == first);
            }
        });
        pool.forEach(chunks, part -> addPartials(partial, (int) ((long) part * size / chunks),
                (int) ((long) (part + 1) * size / chunks)));
    }

    /** acc (+)= dy[n] * unfold(x[n])^T per group; the first image of a chunk overwrites. */
    private void accumulateImage(Conv2dShape s, Im2col im, float[] x, float[] dy, int n, float[] col, float[] acc,
                                 boolean first) {
        int coutG = s.outChannels() / s.groups(), pixels = im.cols(), kdim = im.rows();
        for (int g = 0; g < s.groups(); g++) {
            im.unfold(x, n, g, col);
            gemm.sgemm(false, true, coutG, kdim, pixels, 1f, dy, (n * s.outChannels() + g * coutG) * pixels, pixels, 0,
                    col, 0, pixels, 0, first ? 0f : 1f, acc, g * coutG * kdim, kdim, 0, 1);
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
