package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.Conv2dShape;

/**
 * Convolution forward, backward-data and backward-weight on device buffers, as GEMMs over column
 * matrices that {@code conv2d.cl} packs straight from the image (see there for why). One group at a
 * time: 3 launches forward, 3 backward-data (4 when strided) and 4 backward-weight per group.
 *
 * <p>Stride-1, dilation-1, one-group convolutions run forward and backward-data on the zero-padded
 * grid instead ({@link #onGrid}): each image is copied once into a padded grid and the GEMM reads the
 * column matrix's rows in place as shifted grid windows ({@link ClGemm#multiplyShifted}), so the
 * K x P column panels (K = cin*kh*kw, 25-150 times the image for 5x5 kernels) are never written.
 * The weight gradient is dot products of dY laid out on the same grid positions with the shifted
 * grids (or dY read in place, where its rows in 16-wide chunks cost less: {@link #dwDirect}).
 * 2 launches forward, 3 backward-data, 4 backward-weight (3 with dY in place).
 *
 * <p>Where the grid's dropped columns would cost much (narrow outputs with wide kernels, {@link #lanes}),
 * forward and backward-data run on conv_lanes instead: output channels across the vector lanes, only
 * real positions computed, an unpadded input read in place. 2 launches forward (the weights packed,
 * the convolution; 3 with padding), 3 backward-data.
 */
final class ClConv implements AutoCloseable {
    /**
     * System property: {@code false} turns the grid route off (read when the backend is built), for
     * same-JVM A/B measurements against the packed-column route.
     */
    static final String GRID_PROPERTY = "mimo4j.opencl.convGrid";
    /**
     * System property choosing where conv_lanes runs (read when the backend is built): {@code auto} (the
     * default) where {@link #lanes} expects it to win, {@code false} never, {@code always} for every
     * convolution on the grid route; for A/B measurements and tests.
     */
    static final String LANES_PROPERTY = "mimo4j.opencl.convLanes";
    /** Output channels per work-item of conv_lanes (LN in conv2d.cl) and positions per work-item (LB). */
    private static final int LANES = 16;
    private static final int LANE_POSITIONS = 8;

    /**
     * What grid_dy's copy of one float costs, in multiply-adds of conv_dw_grid: queue-profiled on PoCL,
     * with the weight gradients at about 75 G multiply-adds per second, the small CNN's 28-wide first
     * layer copied 434k floats in 83 us (14 per float) and LeNet's 10-wide 6 -> 16 74k in 26-36 us
     * (26-37 per float; its dY read in place, 16 lanes per 14-wide grid line, saved 7-15 of 163-183 us).
     */
    private static final int COPY_IN_FMA = 20;
    /** Output channels and taps per work-item of conv_dw_grid (DW_R, DW_C in conv2d.cl). */
    private static final int DW_TILE = 4;
    private final ClLauncher launcher;
    private final ClTuning tuning;
    private final ClGemm gemm;
    private final cl_kernel packCols;
    private final cl_kernel packColsT;
    private final cl_kernel packDy;
    private final cl_kernel col2im;
    private final cl_kernel sumSlices;
    private final cl_kernel packWFlipped;
    private final cl_kernel padGrid;
    private final cl_kernel gridDy;
    private final cl_kernel dwGrid;
    private final cl_kernel dwDirect;
    private final cl_kernel packWLanes;
    private final cl_kernel convLanes;
    private final boolean gridEnabled;
    /** {@value #LANES_PROPERTY}: auto, false or always. */
    private final String lanesMode;

    ClConv(ClLauncher launcher, ClTuning tuning, ClGemm gemm, cl_program conv) {
        this.launcher = launcher;
        this.tuning = tuning;
        this.gemm = gemm;
        this.packCols = clCreateKernel(conv, "pack_cols", null);
        this.packColsT = clCreateKernel(conv, "pack_cols_t", null);
        this.packDy = clCreateKernel(conv, "pack_dy", null);
        this.col2im = clCreateKernel(conv, "col2im", null);
        this.sumSlices = clCreateKernel(conv, "sum_slices", null);
        this.packWFlipped = clCreateKernel(conv, "pack_w_flipped", null);
        this.padGrid = clCreateKernel(conv, "pad_grid", null);
        this.gridDy = clCreateKernel(conv, "grid_dy", null);
        this.dwGrid = clCreateKernel(conv, "conv_dw_grid", null);
        this.dwDirect = clCreateKernel(conv, "conv_dw_direct", null);
        this.packWLanes = clCreateKernel(conv, "pack_w_lanes", null);
        this.convLanes = clCreateKernel(conv, "conv_lanes", null);
        this.gridEnabled = gemm.shifts() && !"false".equals(System.getProperty(GRID_PROPERTY));
        this.lanesMode = System.getProperty(LANES_PROPERTY, "auto");
    }

    /** The GEMM this convolution runs on, for tests that check which tile a shape gets. */
    ClGemm gemm() {
        return gemm;
    }

    /** Whether the grid route is on: the GEMM has a shifted form and {@value #GRID_PROPERTY} is not false. */
    boolean gridEnabled() {
        return gridEnabled;
    }

    /**
     * Whether forward and the weight gradient (and backward-data, see {@link #backwardDataOnGrid}) of
     * {@code s} run on the grid:
     * stride 1, dilation 1, one group, and a GEMM with a shifted form (the register-blocked one; the
     * local-memory sgemm_tiled of GPU rows has none yet).
     */
    boolean onGrid(Conv2dShape s) {
        return gridEnabled() && s.groups() == 1 && s.strideH() == 1 && s.strideW() == 1 && s.dilationH() == 1
                && s.dilationW() == 1;
    }

    /** Backward-data pads dY by k-1-pad, so it needs pad < k on both axes besides {@link #onGrid}. */
    boolean backwardDataOnGrid(Conv2dShape s) {
        return onGrid(s) && s.padH() < s.kernelH() && s.padW() < s.kernelW();
    }

    /**
     * Whether a grid convolution producing {@code m} channels of an oh x ow output from grids gw wide runs
     * on conv_lanes rather than the shifted GEMM: when it does at most 3/4 of the GEMM's multiply-adds,
     * counting what each computes and drops (the GEMM: whole grid lines in TN-wide panels, rows in blocks
     * of its tile's TM; conv_lanes: positions in blocks of 8, channels in blocks of 16). 3/4: per
     * multiply-add conv_lanes ran at 0.73-0.85 of the GEMM's speed (queue-profiled, PoCL: LeNet's 6 -> 16
     * forward 130 vs 146 us for 0.65 of the work, the small CNN's 16 -> 32 forward 483 vs 413 us for
     * 0.89 of it). Only where the grid route is on (the register-blocked GEMM rows, CPU devices).
     */
    boolean lanes(int m, int oh, int ow, int gw) {
        if (!gridEnabled || "false".equals(lanesMode)) {
            return false;
        }
        ClGemm.ShiftedTile tile = gemm.shiftedTile(m);
        long gridWork = ceil((long) oh * gw, tile.tn()) * ceil(m, tile.tm());
        long lanesWork = ceil((long) oh * ow, LANE_POSITIONS) * ceil(m, LANES);
        return "always".equals(lanesMode) || 4 * lanesWork <= 3 * gridWork;
    }

    /** Forward of {@code s} on conv_lanes (see {@link #lanes}). */
    boolean forwardByLanes(Conv2dShape s) {
        return onGrid(s) && lanes(s.outChannels(), s.outH(), s.outW(), s.inW() + 2 * s.padW());
    }

    /** Backward-data of {@code s} on conv_lanes: dY padded by k-1-pad is its input grid. */
    boolean backwardDataByLanes(Conv2dShape s) {
        return backwardDataOnGrid(s) && lanes(s.inChannels(), s.inH(), s.inW(), s.outW() + 2 * (s.kernelW() - 1 - s.padW()));
    }

    /** n rounded up to a multiple of unit. */
    private static long ceil(long n, int unit) {
        return (n + unit - 1) / unit * unit;
    }

    /** x's grid for a GEMM whose panels are {@code tn} wide. */
    private static ClGrid inputGrid(Conv2dShape s, int tn) {
        return new ClGrid(s.inChannels(), s.inH(), s.inW(), s.padH(), s.padW(), s.kernelH(), s.kernelW(), tn);
    }

    /** Pads {@code cnt} images of src, from image n0 on, into their grids. */
    private void pad(ClGrid g, ClBuffer src, int n0, int cnt, ClBuffer grid) {
        int image = g.ch() * g.h() * g.w();
        launcher.launch("pad_grid", padGrid, new long[] {g.lines(), cnt}, new long[] {tuning.packRows(), 1},
                src, n0 * image, image, g.ch(), g.h(), g.w(), g.ph(), g.pw(), g.gh(), g.gw(), g.lines(), g.stride(),
                grid);
    }

    /**
     * out = (a, m x channels*kh*kw, read in place) convolved with the n images of src on their padded
     * grids (made for the tile's panels), plus the row bias if any: images are padded in chunks that keep
     * the grids within the budget.
     */
    private void convolveOnGrid(ClScope scope, ClGemm.ShiftedTile tile, ClGrid g, ClBuffer src, int n, int m,
                                ClMatrix a, ClBuffer bias, ClBuffer out) {
        int k = g.ch() * g.kh() * g.kw(), p = g.oh() * g.ow();
        int chunk = chunk(g.stride(), n);
        ClBuffer grid = scope.buffer((long) chunk * g.stride());
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int cnt = Math.min(chunk, n - n0);
            pad(g, src, n0, cnt, grid);
            gemm.multiplyShifted(tile, m, k, a, grid, g, ClMatrix.rowMajor(out, n0 * m * p, p, m * p), cnt, bias, 0);
        }
    }

    /**
     * out = the ch-channel h x w images of src (on their grids {@code g}, padded in chunks within the
     * budget, or read in place when g is null) convolved on conv_lanes with wl ([block][taps][16], m
     * channels), plus the bias if any.
     */
    private void convolveByLanes(ClScope scope, ClGrid g, int ch, int h, int w, ClBuffer src, int n, ClBuffer wl,
                                 ClBuffer bias, int m, int oh, int ow, ClBuffer out) {
        int kh = g == null ? h - oh + 1 : g.kh(), kw = g == null ? w - ow + 1 : g.kw();
        int chunk = g == null ? n : chunk(g.stride(), n);
        ClBuffer grid = g == null ? src : scope.buffer((long) chunk * g.stride());
        int blocks = (m + LANES - 1) / LANES, image = g == null ? ch * h * w : g.stride();
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int cnt = Math.min(chunk, n - n0);
            if (g != null) {
                pad(g, src, n0, cnt, grid);
            }
            launcher.launch("conv_lanes", convLanes,
                    new long[] {(oh * ow + LANE_POSITIONS - 1) / LANE_POSITIONS, blocks, cnt}, new long[] {1, 1, 1},
                    grid, g == null ? n0 * image : 0, image, ch, g == null ? h : g.gh(), g == null ? w : g.gw(), kh, kw,
                    wl, blocks, bias == null ? wl : bias, bias == null ? 0 : 1, oh, ow, m, out, n0 * m * oh * ow);
        }
    }

    /** Rows of one group's column matrix: cinG * kh * kw. */
    private static int kdim(Conv2dShape s) {
        return s.inChannels() / s.groups() * s.kernelH() * s.kernelW();
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

    /** Images per chunk so that {@code perImage} floats of packed operands each stay within the budget. */
    private int chunk(long perImage, int n) {
        return (int) Math.max(1, Math.min(n, tuning.packBudget() / Math.max(1, perImage)));
    }

    void forward(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer w, ClBuffer bias, ClBuffer y) {
        if (forwardByLanes(s)) {
            int taps = kdim(s), blocks = (s.outChannels() + LANES - 1) / LANES;
            ClBuffer wl = scope.buffer((long) blocks * taps * LANES);
            launcher.launch("pack_w_lanes", packWLanes, new long[] {blocks, taps}, new long[] {1, tuning.packRows()},
                    w, s.outChannels(), taps, blocks, wl);
            ClGrid g = s.padH() == 0 && s.padW() == 0 ? null : inputGrid(s, 1);
            convolveByLanes(scope, g, s.inChannels(), s.inH(), s.inW(), x, s.n(), wl, bias, s.outChannels(),
                    s.outH(), s.outW(), y);
            return;
        }
        if (onGrid(s)) {
            ClGemm.ShiftedTile tile = gemm.shiftedTile(s.outChannels());
            convolveOnGrid(scope, tile, inputGrid(s, tile.tn()), x, s.n(), s.outChannels(),
                    ClMatrix.rowMajor(w, 0, kdim(s), 0), bias, y);
            return;
        }
        int k = kdim(s), p = positions(s), coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        int panels = gemm.panels(p), image = s.inChannels() * s.inH() * s.inW();
        int chunk = chunk(gemm.packedBSize(k, p, 1), s.n());
        ClBuffer bp = scope.buffer(gemm.packedBSize(k, p, chunk));
        for (int g = 0; g < s.groups(); g++) {
            ClBuffer wp = gemm.packA(scope, coutG, k, ClMatrix.rowMajor(w, g * coutG * k, k, 0), 1);
            for (int n0 = 0; n0 < s.n(); n0 += chunk) {
                int cnt = Math.min(chunk, s.n() - n0);
                launcher.launch("pack_cols", packCols, new long[] {panels, k, cnt}, tuning.packLocal(),
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
        if (backwardDataOnGrid(s)) {
            backwardDataByGrid(scope, s, dy, w, dx);
            return;
        }
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
        int chunk = chunk(gemm.packedBSize(kt, hw, 1), s.n());
        ClBuffer ap = scope.buffer(gemm.packedASize(cinG, kt, 1));
        ClBuffer bp = scope.buffer(gemm.packedBSize(kt, hw, chunk));
        for (int g = 0; g < s.groups(); g++) {
            launcher.launch("pack_w_flipped", packWFlipped, new long[] {blocks, kt}, new long[] {1, tuning.packRows()},
                    w, g * coutG * cinG * s.kernelH() * s.kernelW(), cinG, s.kernelH(), s.kernelW(), kt, blocks,
                    tuning.tm(), ap);
            for (int n0 = 0; n0 < s.n(); n0 += chunk) {
                int cnt = Math.min(chunk, s.n() - n0);
                launcher.launch("pack_cols", packCols, new long[] {panels, kt, cnt}, tuning.packLocal(),
                        dy, (n0 * s.outChannels() + g * coutG) * p, s.outChannels() * p,
                        s.outH(), s.outW(), s.kernelH(), s.kernelW(), 1, 1,
                        s.dilationH() * (s.kernelH() - 1) - s.padH(), s.dilationW() * (s.kernelW() - 1) - s.padW(),
                        s.dilationH(), s.dilationW(), s.inH(), s.inW(), kt, hw, panels, bp);
                gemm.multiplyPacked(cinG, hw, kt, 1f, ap, true, bp, 0f,
                        ClMatrix.rowMajor(dx, n0 * image + g * cinG * hw, hw, image), cnt, null, 0);
            }
        }
    }

    /** dX = dY padded by k-1-pad, convolved with the flipped weights whose channel axes are swapped. */
    private void backwardDataByGrid(ClScope scope, Conv2dShape s, ClBuffer dy, ClBuffer w, ClBuffer dx) {
        if (backwardDataByLanes(s)) {
            int kt = s.outChannels() * s.kernelH() * s.kernelW(), blocks = (s.inChannels() + LANES - 1) / LANES;
            ClBuffer wl = scope.buffer((long) blocks * kt * LANES);
            launcher.launch("pack_w_flipped", packWFlipped, new long[] {blocks, kt}, new long[] {1, tuning.packRows()},
                    w, 0, s.inChannels(), s.kernelH(), s.kernelW(), kt, blocks, LANES, wl);
            ClGrid g = new ClGrid(s.outChannels(), s.outH(), s.outW(), s.kernelH() - 1 - s.padH(),
                    s.kernelW() - 1 - s.padW(), s.kernelH(), s.kernelW(), 1);
            convolveByLanes(scope, g, s.outChannels(), s.outH(), s.outW(), dy, s.n(), wl, null, s.inChannels(),
                    s.inH(), s.inW(), dx);
            return;
        }
        ClGemm.ShiftedTile tile = gemm.shiftedTile(s.inChannels());
        int kt = s.outChannels() * s.kernelH() * s.kernelW(), cin = s.inChannels();
        // one block as high as cin: the flipped matrix [kk][ci], read in place as A = cin x kt (column stride cin)
        ClBuffer wf = scope.buffer((long) cin * kt);
        launcher.launch("pack_w_flipped", packWFlipped, new long[] {1, kt}, new long[] {1, tuning.packRows()},
                w, 0, cin, s.kernelH(), s.kernelW(), kt, 1, cin, wf);
        ClGrid g = new ClGrid(s.outChannels(), s.outH(), s.outW(), s.kernelH() - 1 - s.padH(),
                s.kernelW() - 1 - s.padW(), s.kernelH(), s.kernelW(), tile.tn());
        convolveOnGrid(scope, tile, g, dy, s.n(), cin, new ClMatrix(wf, 0, 1, cin, 0), null, dx);
    }

    private void backwardDataByCol2im(ClScope scope, Conv2dShape s, ClBuffer dy, ClBuffer w, ClBuffer dx) {
        int k = kdim(s), p = positions(s), coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        int image = s.inChannels() * s.inH() * s.inW();
        int chunk = chunk((long) k * p + gemm.packedBSize(coutG, p, 1), s.n());
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
        if (onGrid(s)) {
            backwardWeightByGrid(scope, s, x, dy, dw);
            return;
        }
        int k = kdim(s), p = positions(s), coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        int panels = gemm.panels(k), blocks = gemm.blocks(coutG), image = s.inChannels() * s.inH() * s.inW();
        int chunk = chunk(gemm.packedASize(coutG, p, 1) + gemm.packedBSize(p, k, 1), s.n());
        int slices = slices(chunk * p, panels * blocks), sliceRows = (chunk * p + slices - 1) / slices;
        ClBuffer ap = scope.buffer(gemm.packedASize(coutG, sliceRows, slices));
        ClBuffer bp = scope.buffer(gemm.packedBSize(sliceRows, k, slices));
        ClBuffer partial = scope.buffer((long) slices * coutG * k);
        for (int g = 0; g < s.groups(); g++) {
            for (int n0 = 0; n0 < s.n(); n0 += chunk) {
                int rows = Math.min(chunk, s.n() - n0) * p;
                launcher.launch("pack_dy", packDy, new long[] {blocks, sliceRows, slices}, tuning.packLocal(),
                        dy, (n0 * s.outChannels() + g * coutG) * p, s.outChannels() * p, coutG, p, rows, sliceRows,
                        blocks, ap);
                launcher.launch("pack_cols_t", packColsT, new long[] {panels, sliceRows, slices}, tuning.packLocal(),
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
     * dW as dot products over grid positions (conv2d.cl's conv_dw_grid): x on its grid, dY laid out on
     * the same positions with zeros where the grid's columns are dropped, or, where {@link #dwDirect},
     * dY read in place (conv_dw_direct); per chunk of images the slices of images are summed in order
     * (later chunks accumulate), so no column matrix is written.
     */
    private void backwardWeightByGrid(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer dy, ClBuffer dw) {
        ClGrid g = inputGrid(s, tuning.tn());
        int taps = kdim(s), cout = s.outChannels(), plane = gridPlane(g);
        boolean direct = dwDirect(s) && (s.outW() >= 16 || dyRoom(s, dy));
        int lines = (plane + g.gw() - 1) / g.gw();
        int chunk = chunk(g.stride() + (direct ? 0 : (long) cout * plane), s.n());
        long tapBlocks = (taps + DW_TILE - 1) / DW_TILE, rowBlocks = (cout + DW_TILE - 1) / DW_TILE;
        // enough slices for about 64 work-items, each at least one image
        int slices = (int) Math.min(chunk, Math.max(1, 64 / (tapBlocks * rowBlocks)));
        ClBuffer grid = scope.buffer((long) chunk * g.stride());
        ClBuffer dyGrid = direct ? null : scope.buffer((long) chunk * cout * plane);
        ClBuffer partial = scope.buffer((long) slices * cout * taps);
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
                launcher.launch("grid_dy", gridDy, new long[] {lines, cout, cnt}, new long[] {tuning.packRows(), 1, 1},
                        dy, n0 * image, s.outH(), s.outW(), g.gw(), plane, lines, cout, dyGrid);
                launcher.launch("conv_dw_grid", dwGrid, global, local, dyGrid, plane, grid, g.stride(), g.gh(),
                        g.gw(), s.kernelH(), s.kernelW(), cout, taps, cnt, perSlice, partial);
            }
            launcher.launch("sum_slices", sumSlices, new long[] {(long) cout * taps}, new long[] {tuning.local1d()},
                    partial, (cnt + perSlice - 1) / perSlice, cout * taps, dw, 0, n0 == 0 ? 0 : 1);
        }
    }

    /** Floats per output channel of grid_dy's layout: the grid positions rounded up to whole float16. */
    private static int gridPlane(ClGrid g) {
        return (g.positions() + 15) / 16 * 16;
    }

    /**
     * Whether the weight gradient reads dY in place (conv_dw_direct): when its rows, in 16-wide chunks
     * (one chunk from the row's start for rows narrower than 16), cost at most {@value #COPY_IN_FMA}
     * multiply-adds per tap for each float of grid_dy's plane they save copying, and, for narrow rows,
     * the last row's reads of x's grid stay inside its zero tail ({@link #backwardWeightByGrid} also
     * wants room in dY's buffer: {@link #dyRoom}). Then the grid_dy pass (a copy of dY, a tenth of a
     * CIFAR layer's backward) is saved; where the chunks take more lanes than the grid's plane (the
     * small CNN's 28-wide first layer: 28 x 32 against 848), the extra multiply-adds cost less than the
     * copy did (LeNet's 10-wide 6 -> 16: 160 lanes against 144, 150 taps each; its 52-wide 6 -> 16 at
     * 56 x 56 stays on grid_dy: 3328 lanes against 2912).
     */
    boolean dwDirect(Conv2dShape s) {
        if (!onGrid(s)) {
            return false;
        }
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

    /**
     * Slices for a split-K GEMM of {@code rows} inner rows whose output has {@code tiles} tiles:
     * enough for 64 work-groups of the GEMM (a tile is one work-item of sgemm_packed, one work-group
     * of sgemm_tiled), but at least 256 rows each so the partial sums stay cheap.
     */
    private int slices(int rows, int tiles) {
        int[] l = tuning.gemmLocal();
        long tilesPerGroup = tuning.tiled() ? 1 : (long) l[0] * l[1];
        long wanted = (64L * tilesPerGroup + tiles - 1) / tiles;
        return (int) Math.max(1, Math.min(wanted, rows / 256));
    }

    @Override
    public void close() {
        clReleaseKernel(packCols);
        clReleaseKernel(packColsT);
        clReleaseKernel(packDy);
        clReleaseKernel(col2im);
        clReleaseKernel(sumSlices);
        clReleaseKernel(packWFlipped);
        clReleaseKernel(padGrid);
        clReleaseKernel(gridDy);
        clReleaseKernel(dwGrid);
        clReleaseKernel(dwDirect);
        clReleaseKernel(packWLanes);
        clReleaseKernel(convLanes);
    }
}
