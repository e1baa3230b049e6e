package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;
import static org.mimo4j.kernels.ClConv.kdim;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.Conv2dShape;

/**
 * {@link ClConv}'s grid route, for stride-1, dilation-1, one-group convolutions: each image is copied
 * once into a zero-padded grid and the GEMM reads the column matrix's rows in place as shifted grid
 * windows ({@link ClGemm#multiplyShifted}), so the K x P column panels (K = cin*kh*kw, 25-150 times
 * the image for 5x5 kernels) are never written. The weight gradient is dot products of dY laid out on
 * the same grid positions with the shifted grids (or dY read in place, where its rows in 16-wide chunks
 * cost less: {@link #dwDirect}). 2 launches forward, 3 backward-data, 4 backward-weight (3 with dY in
 * place, 2 when one work-item's sums cover all images).
 */
final class ClConvGrid implements AutoCloseable {
    /**
     * What grid_dy's copy of one float costs, in multiply-adds of conv_dw_grid: queue-profiled on PoCL,
     * with the weight gradients at about 75 G multiply-adds per second, the small CNN's 28-wide first
     * layer copied 434k floats in 83 us (14 per float) and LeNet's 10-wide 6 -> 16 74k in 26-36 us
     * (26-37 per float; its dY read in place, 16 lanes per 14-wide grid line, saved 7-15 of 163-183 us).
     */
    private static final int COPY_IN_FMA = 20;
    /**
     * Floats of dY one weight-gradient work-item's slice may cover (128 KB; its channels times the
     * slice's output pixels). Every work-item of the same channels reads that dY again for its taps: over
     * a batch of large images it no longer stays in cache. PoCL, whole backward-weight calls alternating
     * in one JVM, medians of 150 x 10 (against slices only for about 64 work-items): LeNet 6 -> 16 on
     * 56 x 56 (3 images a slice) 0.79x, 1 -> 6 on 112 x 112 (1 image) 0.89x, CIFAR 3 -> 64 (8 images)
     * 0.87x; the small CNN's and LeNet's 28 x 28 layers, whose dY over all 32 images fits, keep their
     * slices (0.98x, 1.00x). Slicing those further cost up to 1.05-1.15x in the lanes' reductions and
     * sum_slices.
     */
    static final long DW_SLICE_FLOATS = 32768;
    private final ClLauncher launcher;
    private final ClTuning tuning;
    /** Output channels and taps per work-item of conv_dw_grid and conv_dw_direct (DW_R, DW_C in conv2d.cl). */
    private final ClConvTiles tiles;
    private final ClGemm gemm;
    private final cl_kernel padGrid;
    private final cl_kernel packWFlipped;
    private final cl_kernel gridDy;
    private final cl_kernel dwGrid;
    private final cl_kernel dwDirect;
    private final cl_kernel sumSlices;

    ClConvGrid(ClLauncher launcher, ClTuning tuning, ClConvTiles tiles, ClGemm gemm, cl_program conv) {
        this.launcher = launcher;
        this.tuning = tuning;
        this.tiles = tiles;
        this.gemm = gemm;
        this.padGrid = clCreateKernel(conv, "pad_grid", null);
        this.packWFlipped = clCreateKernel(conv, "pack_w_flipped", null);
        this.gridDy = clCreateKernel(conv, "grid_dy", null);
        this.dwGrid = clCreateKernel(conv, "conv_dw_grid", null);
        this.dwDirect = clCreateKernel(conv, "conv_dw_direct", null);
        this.sumSlices = clCreateKernel(conv, "sum_slices", null);
    }

    /** x's grid for a GEMM whose panels are {@code tn} wide. */
    static ClGrid inputGrid(Conv2dShape s, int tn) {
        return new ClGrid(s.inChannels(), s.inH(), s.inW(), s.padH(), s.padW(), s.kernelH(), s.kernelW(), tn);
    }

    /** dY's grid for backward-data (dY padded by k-1-pad), for a GEMM whose panels are {@code tn} wide. */
    static ClGrid dyGrid(Conv2dShape s, int tn) {
        return new ClGrid(s.outChannels(), s.outH(), s.outW(), s.kernelH() - 1 - s.padH(), s.kernelW() - 1 - s.padW(),
                s.kernelH(), s.kernelW(), tn);
    }

    /** Pads {@code cnt} images of src, from image n0 on, into their grids. */
    void pad(ClGrid g, ClBuffer src, int n0, int cnt, ClBuffer grid) {
        int image = g.ch() * g.h() * g.w();
        launcher.launch("pad_grid", padGrid, new long[] {g.ch() + 1, cnt}, new long[] {1, 1}, src, n0 * image,
                image, g.ch(), g.h(), g.w(), g.ph(), g.pw(), g.gh(), g.gw(), g.stride(), grid);
    }

    /**
     * out = (a, m x channels*kh*kw, read in place) convolved with the n images of src on their padded
     * grids (made for the tile's panels), plus the row bias if any: images are padded in chunks that keep
     * the grids within the budget.
     */
    private void convolve(ClScope scope, ClGemm.ShiftedTile tile, ClGrid g, ClBuffer src, int n, int m,
                                ClMatrix a, ClBuffer bias, ClBuffer out) {
        int k = g.ch() * g.kh() * g.kw(), p = g.oh() * g.ow();
        int chunk = tuning.imagesPerChunk(g.stride(), n);
        ClBuffer grid = scope.buffer((long) chunk * g.stride());
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int cnt = Math.min(chunk, n - n0);
            pad(g, src, n0, cnt, grid);
            gemm.multiplyShifted(tile, m, k, a, grid, g, ClMatrix.rowMajor(out, n0 * m * p, p, m * p), cnt, bias, 0);
        }
    }

    /** y = w convolved with x on x's padded grid (plus the bias): the shifted GEMM reads w in place. */
    void forward(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer w, ClBuffer bias, ClBuffer y) {
        ClGemm.ShiftedTile tile = gemm.shiftedTile(s.outChannels());
        convolve(scope, tile, inputGrid(s, tile.tn()), x, s.n(), s.outChannels(),
                ClMatrix.rowMajor(w, 0, kdim(s), 0), bias, y);
    }

    /** dX = dY padded by k-1-pad, convolved with the flipped weights whose channel axes are swapped. */
    void backwardData(ClScope scope, Conv2dShape s, ClBuffer dy, ClBuffer w, ClBuffer dx) {
        ClGemm.ShiftedTile tile = gemm.shiftedTile(s.inChannels());
        int kt = s.outChannels() * s.kernelH() * s.kernelW(), cin = s.inChannels();
        // one block as high as cin: the flipped matrix [kk][ci], read in place as A = cin x kt (column stride cin)
        ClBuffer wf = scope.buffer((long) cin * kt);
        launcher.launch("pack_w_flipped", packWFlipped, new long[] {1, kt}, new long[] {1, tuning.packRows()},
                w, 0, cin, s.kernelH(), s.kernelW(), kt, 1, cin, wf);
        convolve(scope, tile, dyGrid(s, tile.tn()), dy, s.n(), cin, new ClMatrix(wf, 0, 1, cin, 0), null, dx);
    }

    /**
     * dW as dot products over grid positions (conv2d.cl's conv_dw_grid): x on its grid, dY laid out on
     * the same positions with zeros where the grid's columns are dropped, or, where {@link #dwDirect},
     * dY read in place (conv_dw_direct); per chunk of images the slices of images are summed in order
     * (later chunks accumulate), so no column matrix is written.
     */
    void backwardWeight(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer dy, ClBuffer dw) {
        ClGrid g = inputGrid(s, tuning.tn());
        int taps = kdim(s), cout = s.outChannels(), plane = gridPlane(g);
        boolean direct = dwDirect(s) && (s.outW() >= 16 || dyRoom(s, dy));
        int chunk = tuning.imagesPerChunk(g.stride() + (direct ? 0 : (long) cout * plane), s.n());
        long tapBlocks = (taps + tiles.dwTaps() - 1) / tiles.dwTaps();
        long rowBlocks = (cout + tiles.dwRows() - 1) / tiles.dwRows();
        int slices = slices(s, chunk, tapBlocks * rowBlocks, tiles.dwRows());
        ClBuffer grid = scope.buffer((long) chunk * g.stride());
        ClBuffer dyGrid = direct ? null : scope.buffer((long) chunk * cout * plane);
        // one slice over all images in one chunk: the kernel's sums are dW itself, and sum_slices is not run
        boolean whole = slices == 1 && chunk >= s.n();
        ClBuffer partial = whole ? dw : scope.buffer((long) slices * cout * taps);
        int image = cout * s.outH() * s.outW();
        for (int n0 = 0; n0 < s.n(); n0 += chunk) {
            int cnt = Math.min(chunk, s.n() - n0), perSlice = (cnt + slices - 1) / slices;
            long[] global = {tapBlocks, rowBlocks, slices}, local = {1, 1, 1};
            pad(g, x, n0, cnt, grid);
            if (direct) {
                launcher.launch("conv_dw_direct", dwDirect, global, local, dy, n0 * image, grid, g.stride(),
                        g.gh(), g.gw(), s.kernelH(), s.kernelW(), s.outH(), s.outW(), cout, taps, cnt, perSlice,
                        partial);
            } else {
                launcher.launch("grid_dy", gridDy, new long[] {cout, cnt}, new long[] {1, 1}, dy, n0 * image,
                        s.outH(), s.outW(), g.gw(), plane, cout, dyGrid);
                launcher.launch("conv_dw_grid", dwGrid, global, local, dyGrid, plane, grid, g.stride(), g.gh(),
                        g.gw(), s.kernelH(), s.kernelW(), cout, taps, cnt, perSlice, partial);
            }
            if (!whole) {
                sumSlices(partial, (cnt + perSlice - 1) / perSlice, cout * taps, dw, n0 == 0);
            }
        }
    }

    /**
     * dw = (or, unless {@code first}, +=) the sum of {@code slices} partial weight gradients of len floats, in order.
     */
    void sumSlices(ClBuffer partial, int slices, int len, ClBuffer dw, boolean first) {
        launcher.launch("sum_slices", sumSlices, new long[] {len}, new long[] {tuning.local1d()}, partial, slices, len,
                dw, 0, first ? 0 : 1);
    }

    /**
     * Slices of a chunk's images for the weight gradient (each work-item sums its tile over one slice):
     * enough for about 64 work-items, and enough that a work-item's dY tile over its slice's images, which
     * the work-items of the next taps read again, stays within {@link #DW_SLICE_FLOATS}.
     */
    static int slices(Conv2dShape s, int chunk, long tiles, int rows) {
        long perSlice = Math.max(1, DW_SLICE_FLOATS / ((long) rows * s.outH() * s.outW()));
        long wanted = Math.max((chunk + perSlice - 1) / perSlice, 64 / tiles);
        return (int) Math.min(chunk, Math.max(1, wanted));
    }

    /** Floats per output channel of grid_dy's layout: the grid positions rounded up to whole float16. */
    private static int gridPlane(ClGrid g) {
        return (g.positions() + 15) / 16 * 16;
    }

    /**
     * Whether the weight gradient reads dY in place (conv_dw_direct): when its rows, in 16-wide chunks
     * (one chunk from the row's start for rows narrower than 16), cost at most {@value #COPY_IN_FMA}
     * multiply-adds per tap for each float of grid_dy's plane they save copying, and, for narrow rows,
     * the last row's reads of x's grid stay inside its zero tail ({@link #backwardWeight} also
     * wants room in dY's buffer: {@link #dyRoom}). Then the grid_dy pass (a copy of dY, a tenth of a
     * CIFAR layer's backward) is saved; where the chunks take more lanes than the grid's plane (the
     * small CNN's 28-wide first layer: 28 x 32 against 848), the extra multiply-adds cost less than the
     * copy did (LeNet's 10-wide 6 -> 16: 160 lanes against 144, 150 taps each; its 52-wide 6 -> 16 at
     * 56 x 56 stays on grid_dy: 3328 lanes against 2912).
     */
    boolean dwDirect(Conv2dShape s) {
        ClGrid g = inputGrid(s, tuning.tn());
        if (s.outW() < 16 && lastRowEnd(s, g) > g.stride()) {
            return false;
        }
        long lanes = (long) s.outH() * ((s.outW() + 15) / 16 * 16), plane = gridPlane(g);
        return (lanes - plane) * kdim(s) <= COPY_IN_FMA * plane;
    }

    /**
     * Where the last tap's reads for the last row of a narrow output (one 16-float chunk from the row's
     * start) end in x's grid: they must stay inside the grid's zero tail.
     */
    private static long lastRowEnd(Conv2dShape s, ClGrid g) {
        return ((long) (g.ch() - 1) * g.gh() + s.outH() - 1 + g.kh() - 1) * g.gw() + g.kw() - 1 + 16;
    }

    /** Whether dY's buffer holds the 16 - ow floats a narrow output's last row reads past dY's end. */
    private static boolean dyRoom(Conv2dShape s, ClBuffer dy) {
        return (long) s.n() * s.outChannels() * s.outH() * s.outW() + 16 - s.outW() <= dy.capacity();
    }

    @Override
    public void close() {
        clReleaseKernel(padGrid);
        clReleaseKernel(packWFlipped);
        clReleaseKernel(gridDy);
        clReleaseKernel(dwGrid);
        clReleaseKernel(dwDirect);
        clReleaseKernel(sumSlices);
    }
}
