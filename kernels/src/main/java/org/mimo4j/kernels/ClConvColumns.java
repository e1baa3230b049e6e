package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;
import static org.mimo4j.kernels.ClConv.kdim;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.Conv2dShape;

/**
 * {@link ClConv}'s packed-column route, for the convolutions the grid cannot take (strided, dilated,
 * grouped, or the grid route off): GEMMs over column matrices that {@code conv2d.cl} packs straight
 * from the image (see there for why). One group at a time: 3 launches forward, 3 backward-data
 * (4 when strided) and 4 backward-weight per group.
 */
final class ClConvColumns implements AutoCloseable {
    private final ClLauncher launcher;
    private final ClTuning tuning;
    private final ClGemm gemm;
    private final cl_kernel packCols;
    private final cl_kernel packColsT;
    private final cl_kernel packDy;
    private final cl_kernel col2im;
    private final cl_kernel sumSlices;
    private final cl_kernel packWFlipped;

    ClConvColumns(ClLauncher launcher, ClTuning tuning, ClGemm gemm, cl_program conv) {
        this.launcher = launcher;
        this.tuning = tuning;
        this.gemm = gemm;
        this.packCols = clCreateKernel(conv, "pack_cols", null);
        this.packColsT = clCreateKernel(conv, "pack_cols_t", null);
        this.packDy = clCreateKernel(conv, "pack_dy", null);
        this.col2im = clCreateKernel(conv, "col2im", null);
        this.sumSlices = clCreateKernel(conv, "sum_slices", null);
        this.packWFlipped = clCreateKernel(conv, "pack_w_flipped", null);
    }

    /** y = w convolved with x (plus the bias), one group at a time over its packed column matrix. */
    void forward(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer w, ClBuffer bias, ClBuffer y) {
        int k = kdim(s), p = positions(s), coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        int panels = gemm.panels(p), image = s.inChannels() * s.inH() * s.inW();
        int chunk = tuning.imagesPerChunk(gemm.packedBSize(k, p, 1), s.n());
        ClBuffer bp = scope.buffer(gemm.packedBSize(k, p, chunk));
        for (int g = 0; g < s.groups(); g++) {
            ClBuffer wp = gemm.packA(scope, coutG, k, ClMatrix.rowMajor(w, g * coutG * k, k, 0), 1);
            for (int n0 = 0; n0 < s.n(); n0 += chunk) {
                int cnt = Math.min(chunk, s.n() - n0);
                launcher.launch("pack_cols", packCols, tuning.packGlobal(panels, tuning.tn(), k, cnt),
                        tuning.packLocal(tuning.tn()),
                        args(new Object[] {x, n0 * image + g * cinG * s.inH() * s.inW(), image}, s, k, p, panels, bp));
                gemm.multiplyPacked(coutG, p, k, 1f, wp, true, bp, 0f, ClMatrix.rowMajor(y,
                        (n0 * s.outChannels() + g * coutG) * p, p, s.outChannels() * p), cnt, bias, g * coutG);
            }
        }
    }

    /**
     * Stride 1 can run as a convolution of dY with the flipped weights, which packs coutG*kh*kw rows
     * per pixel; the col2im route packs dY once and writes and gathers a cinG*kh*kw-row column matrix.
     * The one that moves fewer floats is taken: flipped for cin >= cout layers, col2im for layers that
     * widen (a LeNet's 1 -> 6 packed six times more data flipped).
     */
    void backwardData(ClScope scope, Conv2dShape s, ClBuffer dy, ClBuffer w, ClBuffer dx) {
        long taps = (long) s.kernelH() * s.kernelW(), hw = (long) s.inH() * s.inW(), p = positions(s);
        long coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        long flipped = 2 * coutG * taps * hw, viaColumns = 2 * coutG * p + 2 * cinG * taps * p;
        if (s.strideH() == 1 && s.strideW() == 1 && flipped <= viaColumns) {
            backwardDataAsConv(scope, s, dy, w, dx);
        } else {
            backwardDataByCol2im(scope, s, dy, w, dx);
        }
    }

    private void backwardDataAsConv(ClScope scope, Conv2dShape s, ClBuffer dy, ClBuffer w, ClBuffer dx) {
        int coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        int kt = coutG * s.kernelH() * s.kernelW(), hw = s.inH() * s.inW(), p = positions(s);
        int panels = gemm.panels(hw), blocks = gemm.blocks(cinG), image = s.inChannels() * hw;
        int chunk = tuning.imagesPerChunk(gemm.packedBSize(kt, hw, 1), s.n());
        ClBuffer ap = scope.buffer(gemm.packedASize(cinG, kt, 1));
        ClBuffer bp = scope.buffer(gemm.packedBSize(kt, hw, chunk));
        for (int g = 0; g < s.groups(); g++) {
            launcher.launch("pack_w_flipped", packWFlipped, new long[] {blocks, kt}, new long[] {1, tuning.packRows()},
                    w, g * coutG * cinG * s.kernelH() * s.kernelW(), cinG, s.kernelH(), s.kernelW(), kt, blocks,
                    tuning.tm(), ap);
            for (int n0 = 0; n0 < s.n(); n0 += chunk) {
                int cnt = Math.min(chunk, s.n() - n0);
                launcher.launch("pack_cols", packCols, tuning.packGlobal(panels, tuning.tn(), kt, cnt),
                        tuning.packLocal(tuning.tn()),
                        dy, (n0 * s.outChannels() + g * coutG) * p, s.outChannels() * p,
                        s.outH(), s.outW(), s.kernelH(), s.kernelW(), 1, 1,
                        s.dilationH() * (s.kernelH() - 1) - s.padH(), s.dilationW() * (s.kernelW() - 1) - s.padW(),
                        s.dilationH(), s.dilationW(), s.inH(), s.inW(), kt, hw, panels, bp);
                gemm.multiplyPacked(cinG, hw, kt, 1f, ap, true, bp, 0f,
                        ClMatrix.rowMajor(dx, n0 * image + g * cinG * hw, hw, image), cnt, null, 0);
            }
        }
    }

    private void backwardDataByCol2im(ClScope scope, Conv2dShape s, ClBuffer dy, ClBuffer w, ClBuffer dx) {
        int k = kdim(s), p = positions(s), coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        int image = s.inChannels() * s.inH() * s.inW();
        int chunk = tuning.imagesPerChunk((long) k * p + gemm.packedBSize(coutG, p, 1), s.n());
        ClBuffer dcol = scope.buffer((long) chunk * k * p);
        for (int g = 0; g < s.groups(); g++) {
            for (int n0 = 0; n0 < s.n(); n0 += chunk) {
                int cnt = Math.min(chunk, s.n() - n0);
                gemm.multiply(scope, k, p, coutG, 1f, ClMatrix.rowMajor(w, g * coutG * k, k, 0).t(),
                        ClMatrix.rowMajor(dy, (n0 * s.outChannels() + g * coutG) * p, p, s.outChannels() * p), 0f,
                        ClMatrix.rowMajor(dcol, 0, p, k * p), cnt);
                launcher.launch("col2im", col2im, new long[] {(long) s.inH() * s.inW(), cinG, cnt},
                        new long[] {tuning.local1d(), 1, 1},
                        args(new Object[] {dcol}, s, cinG, k, p, dx, n0 * image + g * cinG * s.inH() * s.inW(), image));
            }
        }
    }

    /**
     * dW = sum over images and positions of dY x columns, as a split-K GEMM: the N*P inner dimension is
     * cut into slices computed as a batch (so small layers still get enough work-items), then the
     * partial results are summed in slice order. Chunks of images after the first accumulate.
     */
    void backwardWeight(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer dy, ClBuffer dw) {
        int k = kdim(s), p = positions(s), coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        int panels = gemm.panels(k), blocks = gemm.blocks(coutG), image = s.inChannels() * s.inH() * s.inW();
        int chunk = tuning.imagesPerChunk(gemm.packedASize(coutG, p, 1) + gemm.packedBSize(p, k, 1), s.n());
        int slices = slices(chunk * p, panels * blocks), sliceRows = (chunk * p + slices - 1) / slices;
        ClBuffer ap = scope.buffer(gemm.packedASize(coutG, sliceRows, slices));
        ClBuffer bp = scope.buffer(gemm.packedBSize(sliceRows, k, slices));
        ClBuffer partial = scope.buffer((long) slices * coutG * k);
        for (int g = 0; g < s.groups(); g++) {
            for (int n0 = 0; n0 < s.n(); n0 += chunk) {
                int rows = Math.min(chunk, s.n() - n0) * p;
                launcher.launch("pack_dy", packDy, tuning.packGlobal(blocks, tuning.tm(), sliceRows, slices),
                        tuning.packLocal(tuning.tm()),
                        dy, (n0 * s.outChannels() + g * coutG) * p, s.outChannels() * p, coutG, p, rows, sliceRows,
                        blocks, ap);
                launcher.launch("pack_cols_t", packColsT, tuning.packGlobal(panels, tuning.tn(), sliceRows, slices),
                        tuning.packLocal(tuning.tn()),
                        args(new Object[] {x, n0 * image + g * cinG * s.inH() * s.inW(), image}, s,
                                k, p, rows, sliceRows, panels, bp));
                gemm.multiplyPacked(coutG, k, sliceRows, 1f, ap, false, bp, 0f,
                        ClMatrix.rowMajor(partial, 0, k, coutG * k), slices, null, 0);
                launcher.launch("sum_slices", sumSlices, new long[] {(long) coutG * k},
                        new long[] {tuning.local1d()}, partial, slices, coutG * k, dw, g * coutG * k, n0 == 0 ? 0 : 1);
            }
        }
    }

    /**
     * Slices for a split-K GEMM of {@code rows} inner rows whose output has {@code tiles} tiles:
     * enough for 64 work-groups of sgemm_packed (a tile is one of its work-items) or 256 of sgemm_tiled (a
     * tile is a work-group; a GPU has a hundred or more compute units, and with 64 groups LeNet 112x112's
     * conv1 weight gradient GEMM took 235 us on an H200), but at least 256 rows each so the partial sums
     * stay cheap.
     */
    private int slices(int rows, int tiles) {
        int[] l = tuning.gemmLocal();
        long items = tuning.tiled() ? 256 : 64L * l[0] * l[1];
        long wanted = (items + tiles - 1) / tiles;
        return (int) Math.max(1, Math.min(wanted, rows / 256));
    }

    private static int positions(Conv2dShape s) {
        return s.outH() * s.outW();
    }

    private static Object[] geometry(Conv2dShape s) {
        return new Object[] {s.inH(), s.inW(), s.kernelH(), s.kernelW(), s.strideH(), s.strideW(),
            s.padH(), s.padW(), s.dilationH(), s.dilationW(), s.outH(), s.outW()};
    }

    /** Kernel arguments: a prefix, then the geometry, then a suffix. */
    private static Object[] args(Object[] head, Conv2dShape s, Object... tail) {
        Object[] g = geometry(s);
        Object[] all = new Object[head.length + g.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(g, 0, all, head.length, g.length);
        System.arraycopy(tail, 0, all, head.length + g.length, tail.length);
        return all;
    }

    @Override
    public void close() {
        clReleaseKernel(packCols);
        clReleaseKernel(packColsT);
        clReleaseKernel(packDy);
        clReleaseKernel(col2im);
        clReleaseKernel(sumSlices);
        clReleaseKernel(packWFlipped);
    }
}
