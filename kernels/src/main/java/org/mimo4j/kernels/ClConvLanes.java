package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;
import static org.mimo4j.kernels.ClConv.kdim;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.Conv2dShape;

/**
 * {@link ClConv}'s lanes route, for grid convolutions whose dropped grid columns would cost the shifted
 * GEMM much (narrow outputs with wide kernels, {@link #takes}): conv_lanes puts the output channels
 * across the vector lanes, computes only real positions and reads an unpadded input in place. 2 launches
 * forward (the weights packed, the convolution; 3 with padding), 3 backward-data. Each call runs one of two
 * kernels ({@link Form}). With 8 lanes it also computes weight gradients ({@link #takesWeightGradient}) with
 * the wide kernel's register tile: 4 launches (x padded, dY transposed, conv_dw_lanes, the slices summed).
 */
final class ClConvLanes implements AutoCloseable {
    /**
     * A work-item's register tile: conv_lanes holds one vector of lanes at 8 positions (LB in conv2d.cl),
     * conv_lanes_wide two vectors (blocks of 2 x lanes channels) at 6 positions (LW).
     */
    enum Form {
        NARROW("conv_lanes", 8, 1), WIDE("conv_lanes_wide", 6, 2);

        final String kernel;
        final int positions;
        final int vectors;

        Form(String kernel, int positions, int vectors) {
            this.kernel = kernel;
            this.positions = positions;
            this.vectors = vectors;
        }

        /** Multiply-adds computed (real or dropped) per tap for m channels at p positions. */
        long work(int m, long p, int lanes) {
            return ceil(p, positions) * ceil(m, vectors * lanes);
        }
    }

    /** Fewest kernel taps for the weight gradient on conv_dw_lanes with 8 lanes ({@link #takesWeightGradient}). */
    static final int DW_LANES_MIN_TAPS = 27;
    /** Fewest kernel taps for the weight gradient on conv_dw_lanes with 16 lanes ({@link #takesWeightGradient}). */
    static final int DW_LANES_MIN_TAPS_16 = 128;
    private final ClLauncher launcher;
    private final ClTuning tuning;
    /** Output channels per work-item of conv_lanes, across the vector lanes (LN in conv2d.cl). */
    private final int lanes;
    private final ClGemm gemm;
    /** The grid route, whose pad_grid pads inputs that conv_lanes cannot read in place. */
    private final ClConvGrid grid;
    private final cl_kernel packWLanes;
    private final cl_kernel packWFlipped;
    private final cl_kernel convLanes;
    private final cl_kernel convLanesWide;
    private final cl_kernel packDyLanes;
    private final cl_kernel dwLanes;
    /** {@value ClConv#LANES_PROPERTY}: auto, false or always. */
    private final String mode;
    /** {@value ClConv#LANES_FORM_PROPERTY}: auto, narrow or wide. */
    private final String formMode;

    ClConvLanes(ClLauncher launcher, ClTuning tuning, int lanes, ClGemm gemm, ClConvGrid grid, cl_program conv,
                String mode, String formMode) {
        this.mode = mode;
        this.formMode = formMode;
        this.launcher = launcher;
        this.tuning = tuning;
        this.lanes = lanes;
        this.gemm = gemm;
        this.grid = grid;
        this.packWLanes = clCreateKernel(conv, "pack_w_lanes", null);
        this.packWFlipped = clCreateKernel(conv, "pack_w_flipped", null);
        this.convLanes = clCreateKernel(conv, Form.NARROW.kernel, null);
        this.convLanesWide = clCreateKernel(conv, Form.WIDE.kernel, null);
        this.packDyLanes = clCreateKernel(conv, "pack_dy_lanes", null);
        this.dwLanes = clCreateKernel(conv, "conv_dw_lanes", null);
    }

    /**
     * Whether a grid convolution producing {@code m} channels of an oh x ow output from grids gw wide runs
     * on conv_lanes rather than the shifted GEMM: when it does at most a share of the GEMM's multiply-adds,
     * counting what each computes and drops (the GEMM: whole grid lines in TN-wide panels, rows in blocks
     * of its tile's TM; conv_lanes: positions and channels in its {@link #form}'s blocks, the wide form's
     * work weighed at 4/5 for its speed). The share is what conv_lanes' speed per multiply-add, against the
     * GEMM's, pays for ({@link #cheaper}). {@link ClConv} asks only where the grid route is on (the
     * register-blocked GEMM rows, CPU devices).
     */
    boolean takes(int m, int oh, int ow, int gw) {
        if ("false".equals(mode)) {
            return false;
        }
        ClGemm.ShiftedTile tile = gemm.shiftedTile(m);
        long gridWork = ceil((long) oh * gw, tile.tn()) * ceil(m, tile.tm());
        long p = (long) oh * ow;
        Form form = form(m, p);
        long lanesWork = form == Form.WIDE ? form.work(m, p, lanes) * 4 / 5 : form.work(m, p, lanes);
        return "always".equals(mode) || cheaper(lanesWork, gridWork);
    }

    /**
     * The kernel for m channels at p positions: as {@link #formMode} forces it, else the wide one where its
     * blocks of 2 x lanes channels do at most 5/4 of conv_lanes' multiply-adds. With 8 lanes (AVX2), for the
     * same work (within 2 %) it took 0.78-0.88 of conv_lanes' time (conv2d.cl); where 6 channels fill 6 of 16
     * lanes (LeNet's backward-data: 2x the work) 1.33x. With 16 lanes (AVX-512, 32 channels per item) the small
     * CNN's 16 -> 32 forward, the one benchmark layer {@link #takes} then gives it, took 0.80x the shifted GEMM's
     * time on its 8 x 32 tile (335-345 against 411-441 us, PoCL on a 2-core EPYC with AVX-512, separate JVMs
     * alternating; in one JVM 0.87-0.89x), and 0.96x and 1.05x (level) against the 4 x 64 tile that convolutions
     * run on since ({@link ClGemm#shiftedTile}); where lanes were forced on the other layers it was slower than
     * conv_lanes (CIFAR's 3 -> 64 forward, 27 taps: 1.5x), but there the GEMM keeps them.
     */
    Form form(int m, long p) {
        if (!"auto".equals(formMode)) {
            return "wide".equals(formMode) ? Form.WIDE : Form.NARROW;
        }
        boolean wideFits = 4 * Form.WIDE.work(m, p, lanes) <= 5 * Form.NARROW.work(m, p, lanes);
        return wideFits ? Form.WIDE : Form.NARROW;
    }

    /**
     * Whether conv_lanes doing {@code lanesWork} multiply-adds beats the GEMM doing {@code gridWork}.
     * With 16 lanes (AVX-512) it must do at most 3/4 of them: per multiply-add it ran at 0.73-0.85 of the
     * GEMM's speed (queue-profiled, PoCL: LeNet's 6 -> 16 forward 130 vs 146 us for 0.65 of the work, the
     * small CNN's 16 -> 32 forward 483 vs 413 us for 0.89 of it). With 8 lanes (AVX2, against the 6 x 16
     * GEMM) at most 19/20: there it ran at 0.9-1.0 of the GEMM's speed. Whole calls alternating in one JVM
     * on a Zen 3, lanes against the GEMM, and the work ratio: the small CNN's 16 -> 32 forward 1.32 vs 1.38
     * ms (0.79), its backward-data 1.26-1.29 vs 1.33-1.35 (0.79), its 1 -> 16 forward 0.62 vs 0.67-0.68
     * (0.82), LeNet's 6 -> 16 on 56 x 56 forward 5.8-5.9 vs 6.4-6.6 (0.83), CIFAR 3 -> 64 forward 2.78-2.81
     * vs 2.96-3.01 (0.91); and where the GEMM still wins, LeNet's 56 x 56 backward-data 9.6-10.0 vs
     * 7.5-7.9 (1.24).
     */
    private boolean cheaper(long lanesWork, long gridWork) {
        return lanes == 16 ? 4 * lanesWork <= 3 * gridWork : 20 * lanesWork <= 19 * gridWork;
    }

    /** Channels across one vector of the kernels (LN in conv2d.cl). */
    int lanes() {
        return lanes;
    }

    /** n rounded up to a multiple of unit. */
    static long ceil(long n, int unit) {
        return (n + unit - 1) / unit * unit;
    }

    /** y = w convolved with x (plus the bias): w packed in blocks of {@link #lanes} channels, x read in place or padded. */
    void forward(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer w, ClBuffer bias, ClBuffer y) {
        Form form = form(s.outChannels(), (long) s.outH() * s.outW());
        int taps = kdim(s), blocks = packedBlocks(form, s.outChannels());
        ClBuffer wl = scope.buffer((long) blocks * taps * lanes);
        launcher.launch("pack_w_lanes", packWLanes, new long[] {blocks, taps}, new long[] {1, tuning.packRows()},
                w, s.outChannels(), taps, blocks, wl);
        ClGrid g = s.padH() == 0 && s.padW() == 0 ? null : ClConvGrid.inputGrid(s, 1);
        convolve(scope, form, g, s.inChannels(), s.inH(), s.inW(), x, s.n(), wl, bias, s.outChannels(),
                s.outH(), s.outW(), y);
    }

    /** dX = dY padded by k-1-pad, convolved with the flipped weights, packed in blocks of {@link #lanes} input channels. */
    void backwardData(ClScope scope, Conv2dShape s, ClBuffer dy, ClBuffer w, ClBuffer dx) {
        Form form = form(s.inChannels(), (long) s.inH() * s.inW());
        int kt = s.outChannels() * s.kernelH() * s.kernelW(), blocks = packedBlocks(form, s.inChannels());
        ClBuffer wl = scope.buffer((long) blocks * kt * lanes);
        launcher.launch("pack_w_flipped", packWFlipped, new long[] {blocks, kt}, new long[] {1, tuning.packRows()},
                w, 0, s.inChannels(), s.kernelH(), s.kernelW(), kt, blocks, lanes, wl);
        convolve(scope, form, ClConvGrid.dyGrid(s, 1), s.outChannels(), s.outH(), s.outW(), dy, s.n(), wl, null,
                s.inChannels(), s.inH(), s.inW(), dx);
    }

    /**
     * Whether the weight gradient of a grid convolution with m output channels and {@code taps} kernel taps
     * (cin * kh * kw) runs on conv_dw_lanes rather than the grid route's dot products: with 8 lanes (AVX2),
     * at least {@value #DW_LANES_MIN_TAPS} taps (pack_dy_lanes' copy of dY is paid back over the taps) and
     * blocks of 16 channels that do at most 4/3 of the work. PoCL on a Zen 3, whole calls alternating in one
     * JVM (8 rounds, medians of 20 calls), lanes over the dot products: the small CNN's 16 -> 32 (144 taps)
     * 0.58x, LeNet's 6 -> 16 (150 taps) 0.55x on 14 x 14 and 0.64x on 56 x 56, CIFAR's 3 -> 64 (27 taps)
     * 0.90x, 8 -> 12 on 14 x 14 (72 taps) 0.95x; not taken: 8 -> 20 (32 lanes for 20) 1.01x, the small
     * CNN's 1 -> 16 (9 taps) 1.06x, LeNet's 1 -> 6 (6 of 16 lanes) 1.48x.
     *
     * <p>With 16 lanes (AVX-512: blocks of 32 channels against the dot products' 4 x 4 tiles of 16 lanes) it pays
     * only over many taps: at least {@value #DW_LANES_MIN_TAPS_16}. PoCL on a 2-core EPYC with AVX-512, the same
     * A/B (10-12 rounds, medians of 40 calls), lanes over the dot products: 32 -> 32 on 14 x 14 (288 taps) 0.79x,
     * the small CNN's 16 -> 32 (144 taps) 0.91x, 0.95x and 0.97x in three runs; 8 -> 32 (72 taps) 1.06x, 8 -> 64
     * on 32 x 32 (72 taps) 1.23x, CIFAR's 3 -> 64 (27 taps) 1.90x and 1.95x, LeNet's 6 -> 16 (150 taps, 16 of 32
     * lanes) 1.05x.
     */
    boolean takesWeightGradient(int m, int taps) {
        int minTaps = lanes == 8 ? DW_LANES_MIN_TAPS : DW_LANES_MIN_TAPS_16;
        return "always".equals(mode) || !"false".equals(mode) && taps >= minTaps
                && 3 * ceil(m, Form.WIDE.vectors * lanes) <= 4L * m;
    }

    /**
     * dW = dY^T (pack_dy_lanes: positions by blocks of 2 x lanes channels) times x's shifted grid windows
     * (conv_dw_lanes, {@link Form#WIDE}'s register tile with taps for positions), over slices of each chunk's
     * images summed in order ({@link ClConvGrid#sumSlices}), later chunks accumulating.
     */
    void backwardWeight(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer dy, ClBuffer dw) {
        ClGrid g = ClConvGrid.inputGrid(s, 1);
        int taps = kdim(s), cout = s.outChannels(), p = s.outH() * s.outW(), width = Form.WIDE.vectors * lanes;
        int blocks = blocks(Form.WIDE, cout);
        long floatsOfDy = (long) blocks * width * p;
        int chunk = tuning.imagesPerChunk(g.stride() + floatsOfDy, s.n());
        long tapBlocks = ceil(taps, Form.WIDE.positions) / Form.WIDE.positions;
        int slices = ClConvGrid.slices(s, chunk, tapBlocks * blocks, width);
        ClBuffer input = scope.buffer((long) chunk * g.stride());
        ClBuffer dyT = scope.buffer(chunk * floatsOfDy);
        boolean whole = slices == 1 && chunk >= s.n();
        ClBuffer partial = whole ? dw : scope.buffer((long) slices * cout * taps);
        for (int n0 = 0; n0 < s.n(); n0 += chunk) {
            int cnt = Math.min(chunk, s.n() - n0), perSlice = (cnt + slices - 1) / slices;
            grid.pad(g, x, n0, cnt, input);
            launcher.launch("pack_dy_lanes", packDyLanes, new long[] {blocks, cnt}, new long[] {1, 1}, dy,
                    n0 * cout * p, p, cout, cnt, blocks, dyT);
            launcher.launch("conv_dw_lanes", dwLanes, new long[] {tapBlocks, blocks, slices}, new long[] {1, 1, 1},
                    dyT, input, g.stride(), g.gh(), g.gw(), s.kernelH(), s.kernelW(), s.outH(), s.outW(), cout, taps,
                    blocks, cnt, perSlice, partial);
            if (!whole) {
                grid.sumSlices(partial, (cnt + perSlice - 1) / perSlice, cout * taps, dw, n0 == 0);
            }
        }
    }

    /** Blocks of {@link #lanes} channels packed for m channels: whole pairs for the wide form. */
    private int packedBlocks(Form form, int m) {
        return blocks(form, m) * form.vectors;
    }

    /** Work-items' blocks of channels ({@code form.vectors} x {@link #lanes} each) for m channels. */
    private int blocks(Form form, int m) {
        int width = form.vectors * lanes;
        return (m + width - 1) / width;
    }

    /**
     * out = the ch-channel h x w images of src (on their grids {@code g}, padded in chunks within the
     * budget, or read in place when g is null) convolved on {@code form}'s kernel with wl ([block][taps][lanes],
     * m channels), plus the bias if any.
     */
    private void convolve(ClScope scope, Form form, ClGrid g, int ch, int h, int w, ClBuffer src, int n,
                          ClBuffer wl, ClBuffer bias, int m, int oh, int ow, ClBuffer out) {
        int kh = g == null ? h - oh + 1 : g.kh(), kw = g == null ? w - ow + 1 : g.kw();
        int chunk = g == null ? n : tuning.imagesPerChunk(g.stride(), n);
        ClBuffer input = g == null ? src : scope.buffer((long) chunk * g.stride());
        int blocks = blocks(form, m), image = g == null ? ch * h * w : g.stride();
        cl_kernel kernel = form == Form.WIDE ? convLanesWide : convLanes;
        for (int n0 = 0; n0 < n; n0 += chunk) {
            int cnt = Math.min(chunk, n - n0);
            if (g != null) {
                grid.pad(g, src, n0, cnt, input);
            }
            launcher.launch(form.kernel, kernel,
                    new long[] {ceil((long) oh * ow, form.positions) / form.positions, blocks, cnt}, new long[] {1, 1, 1},
                    input, g == null ? n0 * image : 0, image, ch, g == null ? h : g.gh(), g == null ? w : g.gw(), kh, kw,
                    g == null ? 0 : g.ph(), h, wl, blocks, bias == null ? wl : bias, bias == null ? 0 : 1, oh, ow, m,
                    out, n0 * m * oh * ow);
        }
    }

    @Override
    public void close() {
        clReleaseKernel(packWLanes);
        clReleaseKernel(packWFlipped);
        clReleaseKernel(convLanes);
        clReleaseKernel(convLanesWide);
        clReleaseKernel(packDyLanes);
        clReleaseKernel(dwLanes);
    }
}
