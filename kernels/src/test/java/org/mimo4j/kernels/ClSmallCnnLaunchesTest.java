package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;

/**
 * What one steady training step of the benchmark's small CNN ({@link SmallCnnStep}) launches on OpenCL,
 * kernel by kernel, for each row of the tuning table (two CPU rows, by vector width, and the GPU row).
 * On PoCL a launch costs 30-40 us whatever its size, so a step's launch count is part of its time: this
 * pins it, so that an extra launch is a visible decision. The first steps are left out (the first
 * update uploads the parameters); steps 2 and 3 must launch the same kernels.
 */
class ClSmallCnnLaunchesTest {

    /**
     * The tuning table's CPU row (PoCL's route): the convolutions run on the padded grid.
     */
    private static final Map<String, Long> CPU_ROW = Map.ofEntries(
            // a pad per forward, per backward-data (dy) and per weight gradient (x), the shifted GEMM forward
            // and backward-data; the weight gradients read dy in place (conv_dw_direct: the 28-wide first
            // layer's 16-wide chunks take 6 % more lanes than the grid, the 14-wide second's one chunk per
            // row as many; no grid_dy, two launches less).
            Map.entry("pad_grid", 5L), Map.entry("sgemm_shifted", 3L), Map.entry("pack_w_flipped", 1L),
            // the 16 -> 32 layer's dW has one slice over all images: its sums are dW, no sum_slices
            Map.entry("conv_dw_direct", 2L), Map.entry("sum_slices", 1L),
            // no pack_a: the shifted GEMMs read the weights in place, and the linear layer's three GEMMs
            // read A in place too (sgemm_rows); that saved 5 pack_a launches
            Map.entry("pack_b", 3L), Map.entry("sgemm_rows", 3L),
            // relu runs inside the pooling kernels (F.reluMaxPool2d): no unary_relu, no unary_backward_relu
            Map.entry("add_row_vector", 1L),
            Map.entry("max_pool_forward_2x2", 2L), Map.entry("cross_entropy_forward", 1L),
            Map.entry("fill", 1L), Map.entry("cross_entropy_backward", 1L), Map.entry("sum_columns", 1L), // fill: the seed
            // no scalar_op: each parameter's cleared gradient takes over the one the pass made (no copy)
            Map.entry("max_pool_backward_2x2", 2L),
            Map.entry("sum_planes", 2L), Map.entry("sgd_update", 2L), // the two larger weights
            Map.entry("sgd_update_small", 1L)); // the biases and the first layer's weight

    /**
     * The GPU row (sgemm_tiled), as an H100 launched it through NVIDIA's OpenCL on 2026-11-27 (with the
     * two unary_relu and unary_backward_relu launches that the fused relu and pool have since saved): the
     * convolutions are column GEMMs (the padded grid runs only on the register-blocked rows), so each
     * packs its columns (pack_cols forward, pack_cols_t for dW, pack_dy and col2im for dX), and every
     * GEMM packs both operands for the local-memory tiles (pack_a 6, pack_b 4: the weight gradients'
     * B is the packed column matrix itself).
     */
    private static final Map<String, Long> GPU_ROW = Map.ofEntries(
            Map.entry("pack_cols", 2L), Map.entry("pack_cols_t", 2L), Map.entry("pack_dy", 2L),
            Map.entry("col2im", 1L), Map.entry("pack_a", 6L), Map.entry("pack_b", 4L), Map.entry("sgemm_tiled", 8L),
            Map.entry("sum_slices", 2L), Map.entry("add_row_vector", 1L),
            Map.entry("max_pool_forward_2x2", 2L), Map.entry("cross_entropy_forward", 1L), Map.entry("fill", 1L),
            Map.entry("cross_entropy_backward", 1L), Map.entry("sum_columns", 1L),
            Map.entry("max_pool_backward_2x2", 2L),
            Map.entry("sum_planes", 2L), Map.entry("sgd_update", 2L), Map.entry("sgd_update_small", 1L));

    /**
     * The CPU row where registers hold 8 floats (AVX2): the small CNN's 16 -> 32 layer forward and
     * backward-data and its 1 -> 16 forward run on conv_lanes (they do 0.79-0.82 of the shifted GEMM's
     * multiply-adds, under the 19/20 that 8 lanes need), in its wide kernel (16 and 32 channels fill whole
     * pairs of 8-lane vectors), each forward packing its weights for the lanes: two launches more than the
     * 16-float row's. The 16 -> 32 layer's weight gradient (144 taps) runs on conv_dw_lanes: dY transposed
     * (pack_dy_lanes), then slices of images summed (sum_slices): two launches more again.
     */
    private static final Map<String, Long> CPU_ROW_8_LANES = lanesFor(CPU_ROW);

    private static Map<String, Long> lanesFor(Map<String, Long> row) {
        Map<String, Long> m = new TreeMap<>(row);
        m.remove("sgemm_shifted");
        m.put("conv_lanes_wide", 3L);
        m.put("pack_w_lanes", 2L);
        lanesWeightGradient(m);
        return Map.copyOf(m);
    }

    /**
     * The CPU row where registers hold 16 floats (AVX-512): the 16 -> 32 layer's forward runs on
     * conv_lanes_wide (198 x 32 positions and channels, weighed at 4/5, against the shifted GEMM's 224 x 32,
     * under the 3/4 that 16 lanes need), packing its weights for the lanes; its weight gradient (144 taps, 32
     * channels) on conv_dw_lanes, as with 8 lanes: three launches more than the grid row. Its backward-data
     * stays on the grid (16 input channels fill one narrow block: 200 x 16 against 224 x 16).
     */
    private static final Map<String, Long> CPU_ROW_16_LANES = wideForwardFor(CPU_ROW);

    private static Map<String, Long> wideForwardFor(Map<String, Long> row) {
        Map<String, Long> m = new TreeMap<>(row);
        m.put("sgemm_shifted", m.get("sgemm_shifted") - 1);
        m.put("conv_lanes_wide", 1L);
        m.put("pack_w_lanes", 1L);
        lanesWeightGradient(m);
        return Map.copyOf(m);
    }

    /** The 16 -> 32 layer's weight gradient on conv_dw_lanes: dY transposed, then slices summed. */
    private static void lanesWeightGradient(Map<String, Long> m) {
        m.put("conv_dw_direct", 1L);
        m.put("conv_dw_lanes", 1L);
        m.put("pack_dy_lanes", 1L);
        m.put("sum_slices", m.get("sum_slices") + 1);
    }

    /** The rows of the tuning table: the kind and vector width each is built for, and its launches. */
    enum Row {
        CPU_16_FLOATS(ClRuntime.DeviceKind.CPU, 16, CPU_ROW_16_LANES, 35),
        CPU_8_FLOATS(ClRuntime.DeviceKind.CPU, 8, CPU_ROW_8_LANES, 36),
        GPU(ClRuntime.DeviceKind.GPU, 1, GPU_ROW, 41);

        final ClRuntime.DeviceKind kind;
        final int floatLanes;
        final Map<String, Long> launches;
        final int total;

        Row(ClRuntime.DeviceKind kind, int floatLanes, Map<String, Long> launches, int total) {
            this.kind = kind;
            this.floatLanes = floatLanes;
            this.launches = launches;
            this.total = total;
        }
    }

    /**
     * Each row of the tuning table (GEMM tile and convolution blocks) on whatever device there is: the
     * route follows the row, not the device.
     */
    @ParameterizedTest
    @EnumSource(Row.class)
    void aSteadyStepLaunchesExactlyTheseKernels(Row row) throws Exception {
        Map<String, Long> expected = new TreeMap<>(row.launches);
        OpenClTests.requireOpenCl();
        ClRuntime rt = ClRuntime.open();
        String blocks = ClConvTiles.forLanes(row.floatLanes).spec();
        try (ClBackend cl = OpenClTests.with(ClConvTiles.PROPERTY, blocks,
                () -> ClBackend.create(rt, ClTuning.forKind(row.kind, row.floatLanes), ""))) {
            ClLaunches[] steps = launches(cl, 4);
            assertEquals(steps[2].byKernel(), steps[3].byKernel(), "steady steps launch the same kernels");
            assertEquals(expected, new TreeMap<>(steps[3].byKernel()), "one steady step: " + steps[3]);
            assertEquals(row.total, steps[3].total());
        }
    }

    /**
     * Gradients that zeroGrad cleared are written over by the next backward, in one pass on the device,
     * with the same bits as the fill and add of old: the losses and parameters of a few steps are
     * identical to those of a network whose cleared gradients are filled (read right after zeroGrad).
     */
    @Test
    void overwritingClearedGradientsTrainsBitForBitAsFillingAndAdding() throws Exception {
        Backend before = Backends.current();
        try {
            Backends.use(OpenClTests.backend());
            SmallCnnStep lazy = new SmallCnnStep(5, false);
            SmallCnnStep filled = new SmallCnnStep(5, true);
            for (int s = 0; s < 4; s++) {
                assertEquals(Float.floatToRawIntBits(filled.step()), Float.floatToRawIntBits(lazy.step()), "step " + s);
            }
            for (int p = 0; p < lazy.parameters().length; p++) {
                assertArrayEquals(filled.parameters()[p].data(), lazy.parameters()[p].data(), "parameter " + p);
            }
        } finally {
            Backends.use(before);
        }
    }

    private static ClLaunches[] launches(ClBackend cl, int count) throws Exception {
        Backend before = Backends.current();
        try {
            Backends.use(cl);
            SmallCnnStep net = new SmallCnnStep(3, false);
            ClLaunches[] out = new ClLaunches[count];
            for (int s = 0; s < count; s++) {
                ClLaunches l0 = cl.launches();
                net.step();
                out[s] = cl.launches().since(l0);
            }
            return out;
        } finally {
            Backends.use(before);
        }
    }
}
