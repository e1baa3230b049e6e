package org.mimo4j.kernels;

import java.util.Arrays;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.Conv2dShape;

/**
 * Convolution forward, backward-data and backward-weight on device buffers: picks one of three routes
 * per shape and pass.
 * <ul>
 * <li>{@link ClConvGrid}: stride 1, dilation 1, one group ({@link #onGrid}); the image on a zero-padded
 *     grid, the column matrix's rows read in place as shifted grid windows;</li>
 * <li>{@link ClConvLanes}: grid convolutions whose dropped grid columns would cost much (narrow outputs
 *     with wide kernels), forward and backward-data with the output channels across the vector lanes, and
 *     on AVX2-wide CPU devices the weight gradients of layers with enough taps and channels;</li>
 * <li>{@link ClConvColumns}: everything else, GEMMs over packed column matrices.</li>
 * </ul>
 */
final class ClConv implements AutoCloseable {
    /**
     * System property: {@code false} turns the grid route off (read when the backend is built), for
     * same-JVM A/B measurements against the packed-column route.
     */
    static final String GRID_PROPERTY = "mimo4j.opencl.convGrid";
    /**
     * System property choosing where conv_lanes runs (read when the backend is built): {@code auto} (the
     * default) where {@link ClConvLanes#takes} expects it to win, {@code false} never, {@code always} for every
     * convolution on the grid route; for A/B measurements and tests.
     */
    static final String LANES_PROPERTY = "mimo4j.opencl.convLanes";
    /**
     * System property choosing conv_lanes' kernel ({@link ClConvLanes.Form}, read when the backend is built):
     * {@code auto} (the default) by {@link ClConvLanes#form}'s work model, {@code narrow} or {@code wide}
     * always; for A/B measurements and tests.
     */
    static final String LANES_FORM_PROPERTY = "mimo4j.opencl.convLanesForm";
    private final ClGemm gemm;
    private final boolean gridEnabled;
    private final ClConvColumns columns;
    private final ClConvGrid grid;
    private final ClConvLanes lanes;

    ClConv(ClLauncher launcher, ClTuning tuning, ClConvTiles tiles, ClGemm gemm, cl_program conv) {
        this.gemm = gemm;
        this.gridEnabled = gemm.shifts() && !"false".equals(System.getProperty(GRID_PROPERTY));
        this.columns = new ClConvColumns(launcher, tuning, gemm, conv);
        this.grid = new ClConvGrid(launcher, tuning, tiles, gemm, conv);
        this.lanes = new ClConvLanes(launcher, tuning, tiles.lanes(), gemm, grid, conv,
                lanesMode(), lanesForm());
    }

    /**
     * Rejects a misspelt route property with the values it takes; {@link ClBackend#create} asks before it
     * builds anything, so nothing is left to release.
     */
    static void checkProperties() {
        lanesMode();
        lanesForm();
    }

    /** {@value #LANES_PROPERTY}: auto (the default), false or always. */
    private static String lanesMode() {
        return checkedMode(LANES_PROPERTY, System.getProperty(LANES_PROPERTY, "auto"), "auto", "false", "always");
    }

    /** {@value #LANES_FORM_PROPERTY}: auto (the default), narrow or wide. */
    private static String lanesForm() {
        return checkedMode(LANES_FORM_PROPERTY, System.getProperty(LANES_FORM_PROPERTY, "auto"), "auto", "narrow",
                "wide");
    }

    /** {@code value} of {@code property} if it is one of {@code allowed}, else an error naming them. */
    private static String checkedMode(String property, String value, String... allowed) {
        if (!Arrays.asList(allowed).contains(value)) {
            throw new IllegalArgumentException(property + " must be " + String.join(", ", allowed) + ", got '"
                    + value + "'");
        }
        return value;
    }

    /** The lanes route, for tests that check which kernel a shape gets. */
    ClConvLanes lanes() {
        return lanes;
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

    /** Forward of {@code s} on conv_lanes ({@link ClConvLanes#takes}). */
    boolean forwardByLanes(Conv2dShape s) {
        return onGrid(s) && lanes.takes(s.outChannels(), s.outH(), s.outW(), ClConvGrid.inputGrid(s, 1).gw());
    }

    /** Backward-data of {@code s} on conv_lanes: dY padded by k-1-pad is its input grid. */
    boolean backwardDataByLanes(Conv2dShape s) {
        return backwardDataOnGrid(s)
                && lanes.takes(s.inChannels(), s.inH(), s.inW(), ClConvGrid.dyGrid(s, 1).gw());
    }

    /** Weight gradient of {@code s} on conv_dw_lanes ({@link ClConvLanes#takesWeightGradient}). */
    boolean weightGradientByLanes(Conv2dShape s) {
        return onGrid(s) && lanes.takesWeightGradient(s.outChannels(), kdim(s));
    }

    /** Whether the weight gradient of {@code s} reads dY in place ({@link ClConvGrid#dwDirect}). */
    boolean dwDirect(Conv2dShape s) {
        return onGrid(s) && grid.dwDirect(s);
    }

    /** Rows of one group's column matrix: cinG * kh * kw. */
    static int kdim(Conv2dShape s) {
        return s.inChannels() / s.groups() * s.kernelH() * s.kernelW();
    }

    void forward(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer w, ClBuffer bias, ClBuffer y) {
        if (forwardByLanes(s)) {
            lanes.forward(scope, s, x, w, bias, y);
        } else if (onGrid(s)) {
            grid.forward(scope, s, x, w, bias, y);
        } else {
            columns.forward(scope, s, x, w, bias, y);
        }
    }

    void backwardData(ClScope scope, Conv2dShape s, ClBuffer dy, ClBuffer w, ClBuffer dx) {
        if (backwardDataByLanes(s)) {
            lanes.backwardData(scope, s, dy, w, dx);
        } else if (backwardDataOnGrid(s)) {
            grid.backwardData(scope, s, dy, w, dx);
        } else {
            columns.backwardData(scope, s, dy, w, dx);
        }
    }

    void backwardWeight(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer dy, ClBuffer dw) {
        if (weightGradientByLanes(s)) {
            lanes.backwardWeight(scope, s, x, dy, dw);
        } else if (onGrid(s)) {
            grid.backwardWeight(scope, s, x, dy, dw);
        } else {
            columns.backwardWeight(scope, s, x, dy, dw);
        }
    }

    @Override
    public void close() {
        columns.close();
        grid.close();
        lanes.close();
    }
}
