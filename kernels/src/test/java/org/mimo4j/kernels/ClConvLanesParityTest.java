package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mimo4j.engine.backend.BackendUnavailableException;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.tensor.Rng;

/**
 * {@link ClConvLanes} (conv_lanes: output channels across the vector lanes, for forward and backward-data of
 * stride-1 convolutions) on a backend built with {@code mimo4j.opencl.convLanes=always}: against
 * CpuBackend with {@link ClBackendConvParityTest}'s checks and tolerance (the dot-product bound
 * 2 gamma_(L+2) times the convolution on absolute values), against the shifted-GEMM grid route of a
 * backend built with {@code convLanes=false} bit for bit (both sum each output's taps in the same order
 * from zero and then add the bias), and against itself on a repeated call. Shapes: 1-3 images, 1-20
 * channels each way (so one or two blocks of 16 lanes, mostly partial), sizes from 1, kernels up to 5,
 * paddings 0 (the input read in place) to k-1, planes whose positions are not whole blocks of 8; the
 * ODD_TILE variant's 3000-float budget pads the images in several chunks. Values are never zero. Both
 * kernels ({@link ClConvLanes.Form}: conv_lanes' 8 positions, conv_lanes_wide's 6 positions and two
 * vectors of lanes) are forced in turn with {@code mimo4j.opencl.convLanesForm}.
 */
class ClConvLanesParityTest {
    @ParameterizedTest
    @CsvSource({"DEVICE, narrow", "DEVICE, wide", "ODD_TILE, narrow", "ODD_TILE, wide"})
    void lanesMatchCpuAndGiveTheGridsBits(OpenClTests.Variant variant, String form) throws Exception {
        try (ClBackend lanes = withForm(variant, form); ClBackend grid = withLanes(variant, "false")) {
            int positions = ClConvLanes.Form.valueOf(form.toUpperCase(Locale.ROOT)).positions;
            Rng rng = new Rng(41);
            int done = 0, inPlace = 0, padded = 0, twoBlocks = 0, ragged = 0;
            while (done < 16 || inPlace == 0 || padded == 0 || twoBlocks == 0 || ragged == 0) {
                Conv2dShape s = ClBackendConvParityTest.randomStride1(rng, 20, 15, 20);
                assertTrue(lanes.conv().forwardByLanes(s), s.toString());
                assertTrue(lanes.conv().backwardDataByLanes(s), s.toString());
                assertTrue(lanes.conv().weightGradientByLanes(s), s.toString());
                assertFalse(grid.conv().forwardByLanes(s), s.toString());
                assertFalse(grid.conv().weightGradientByLanes(s), s.toString());
                ClBackendConvParityTest.checkAll(lanes, rng, s);
                ClBackendConvParityTest.sameBits(lanes, grid, rng, s);
                ClBackendConvParityTest.sameBits(lanes, lanes, rng, s); // and repeats
                sameWeightGradientBits(lanes, rng, s);
                done++;
                inPlace += s.padH() == 0 && s.padW() == 0 ? 1 : 0;
                padded += s.padH() + s.padW() > 0 ? 1 : 0;
                twoBlocks += Math.max(s.inChannels(), s.outChannels()) > 16 ? 1 : 0;
                ragged += s.outH() * s.outW() % positions != 0 ? 1 : 0;
            }
        }
    }

    /** The benchmark's LeNet 6 -> 16 and small-CNN 16 -> 32 layers on two images, both ways, both kernels. */
    @ParameterizedTest
    @CsvSource({"narrow", "wide"})
    void lanesMatchCpuOnTheBenchmarkLayers(String form) throws Exception {
        try (ClBackend lanes = withForm(OpenClTests.Variant.DEVICE, form);
             ClBackend grid = withLanes(OpenClTests.Variant.DEVICE, "false")) {
            for (Conv2dShape s : new Conv2dShape[] {Conv2dShape.of(2, 6, 14, 14, 16, 5, 1, 0, 1, 1),
                Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 1, 1, 1)}) {
                ClBackendConvParityTest.checkAll(lanes, new Rng(42), s);
                ClBackendConvParityTest.sameBits(lanes, grid, new Rng(43), s);
            }
        }
    }

    /**
     * Kernel rows that read only padding are skipped (grid.h's tap_rows), and work-items whose output rows
     * read nothing but padding give the bias alone: forward with padding as deep or as wide as the kernel or
     * more (whole output rows, or columns, of zeros: grid lines as wide as the output, ClGrid.lineWidth), and
     * LeNet-like full backward-data (dY padded by k-1 = 4: 10 x 10 on an
     * 18 x 18 grid, 4 x 4 on 12 x 12), on both kernels, against the CPU and against the grid route's bits.
     * Backward-data with padding as deep as the kernel takes the packed columns on both backends.
     */
    @ParameterizedTest
    @CsvSource({"narrow", "wide"})
    void rowsOfPaddingAloneGiveTheBias(String form) throws Exception {
        try (ClBackend lanes = withForm(OpenClTests.Variant.DEVICE, form);
             ClBackend grid = withLanes(OpenClTests.Variant.DEVICE, "false")) {
            Rng rng = new Rng(44);
            for (Conv2dShape s : new Conv2dShape[] {new Conv2dShape(2, 3, 5, 6, 4, 1, 3, 1, 1, 1, 2, 1, 1, 1),
                new Conv2dShape(1, 2, 3, 7, 9, 2, 2, 1, 1, 4, 1, 1, 1, 1),
                new Conv2dShape(2, 3, 4, 5, 4, 3, 2, 1, 1, 1, 3, 1, 1, 1),
                Conv2dShape.of(2, 6, 14, 14, 16, 5, 1, 0, 1, 1), Conv2dShape.of(3, 4, 8, 8, 5, 5, 1, 0, 1, 1)}) {
                assertTrue(lanes.conv().forwardByLanes(s), s.toString());
                ClBackendConvParityTest.checkAll(lanes, rng, s);
                ClBackendConvParityTest.checkAll(grid, rng, s);
                ClBackendConvParityTest.sameBits(lanes, grid, rng, s);
            }
        }
    }

    /** conv_dw_lanes' weight gradient of {@code s} repeats its bits (slices summed in order). */
    private static void sameWeightGradientBits(ClBackend cl, Rng rng, Conv2dShape s) {
        float[] x = Parity.random(rng, s.inputSize()), dy = Parity.random(rng, s.outputSize());
        float[] first = new float[s.weightSize()], again = new float[s.weightSize()];
        cl.conv2dBackwardWeight(s, x, dy, first);
        cl.conv2dBackwardWeight(s, x, dy, again);
        assertArrayEquals(first, again, "weight gradient " + s);
    }

    /**
     * With 8 lanes (AVX2) the wide kernel runs where its blocks of 16 channels do at most 5/4 of conv_lanes'
     * multiply-adds: 16 or 32 channels (the small CNN's 16 -> 32 both ways, LeNet's 6 -> 16 forward), 12;
     * not 6 (LeNet's backward-data: 16 lanes for 6 channels) nor 20 or 24 (32 lanes against 24). The weight
     * gradient takes conv_dw_lanes with at least 27 taps and at most 4/3 of the channels' work in blocks of
     * 16: the small CNN's 16 -> 32, LeNet's 6 -> 16 and CIFAR's 3 -> 64, not 9 taps nor 6, 11 or 20 channels.
     */
    @Test
    void withEightLanesTheWideKernelTakesWholeBlocksOfSixteen() throws Exception {
        try (ClBackend cl = withBlocks("packed:6x1", "2x2:8")) {
            ClConvLanes lanes = cl.conv().lanes();
            assertEquals(8, lanes.lanes());
            for (int m : new int[] {16, 32, 12}) {
                assertEquals(ClConvLanes.Form.WIDE, lanes.form(m, 196), m + " channels");
            }
            for (int m : new int[] {6, 20, 24}) {
                assertEquals(ClConvLanes.Form.NARROW, lanes.form(m, 196), m + " channels");
            }
            int[][] taken = {{16, 144}, {32, 144}, {16, 150}, {64, 27}, {12, 72}, {24, 27}};
            int[][] notTaken = {{6, 150}, {20, 72}, {11, 144}, {16, 9}, {64, 26}};
            for (int[] mt : taken) {
                assertTrue(lanes.takesWeightGradient(mt[0], mt[1]), mt[0] + " channels, " + mt[1] + " taps");
            }
            for (int[] mt : notTaken) {
                assertFalse(lanes.takesWeightGradient(mt[0], mt[1]), mt[0] + " channels, " + mt[1] + " taps");
            }
        }
    }

    @Test
    void anUnknownFormIsRejectedWithTheChoices() throws Exception {
        OpenClTests.requireOpenCl();
        IllegalArgumentException e;
        try (ClRuntime rt = ClRuntime.open()) {
            e = assertThrows(IllegalArgumentException.class, () -> OpenClTests.with(ClConv.LANES_FORM_PROPERTY,
                    "wider", () -> ClBackend.create(rt, ClTuning.forDevice(rt), "")));
        }
        assertTrue(e.getMessage().contains(ClConv.LANES_FORM_PROPERTY + " must be auto, narrow, wide, got 'wider'"),
                e.getMessage());
    }

    /**
     * With 16 lanes (AVX-512) the wide kernel's blocks are 32 channels: it takes 32 and 64 channels (whole
     * blocks), not 16, 12 or 6 (a block of 32 for them is over 5/4 of conv_lanes' work). conv_dw_lanes takes a
     * weight gradient with at least 128 taps whose channels fill its blocks of 32 to 3/4: the small CNN's
     * 16 -> 32 (144 taps), not LeNet's 6 -> 16 (16 channels), CIFAR's 3 -> 64 (27 taps) nor 72 taps.
     */
    @Test
    void withSixteenLanesTheWideKernelsTakeWholeBlocksOfThirtyTwo() throws Exception {
        try (ClBackend cl = withBlocks("packed:8x2", "4x4:16")) {
            ClConvLanes lanes = cl.conv().lanes();
            assertEquals(16, lanes.lanes());
            for (int m : new int[] {32, 64}) {
                assertEquals(ClConvLanes.Form.WIDE, lanes.form(m, 196), m + " channels");
            }
            for (int m : new int[] {16, 12, 6}) {
                assertEquals(ClConvLanes.Form.NARROW, lanes.form(m, 196), m + " channels");
            }
            int[][] taken = {{32, 144}, {32, 128}, {64, 288}, {24, 144}};
            int[][] notTaken = {{16, 150}, {64, 27}, {32, 72}, {32, 127}, {20, 144}};
            for (int[] mt : taken) {
                assertTrue(lanes.takesWeightGradient(mt[0], mt[1]), mt[0] + " channels, " + mt[1] + " taps");
            }
            for (int[] mt : notTaken) {
                assertFalse(lanes.takesWeightGradient(mt[0], mt[1]), mt[0] + " channels, " + mt[1] + " taps");
            }
        }
    }

    /**
     * With 16 lanes (AVX-512's blocks) the default route takes conv_lanes where it does at most 3/4 of the
     * shifted GEMM's multiply-adds (on the 8 x 32 tile), the wide kernel's work weighed at 4/5: LeNet's
     * 6 -> 16 forward (104 x 16 against 160 x 16) and the small CNN's 16 -> 32 forward (wide: 198 x 32 x 4/5
     * against 224 x 32), not their backward-data (6 and 16 input channels, narrow: 200 x 16 against 224 x 16
     * for the small CNN) nor the CIFAR layer (wide: 1026 x 64 x 4/5 against 1056 x 64).
     */
    @Test
    void withSixteenLanesTheRouteTakesLanesWhereTheyDoAQuarterLessWork() throws Exception {
        try (ClBackend cl = withBlocks("packed:8x2", "4x4:16")) {
            assertRoutes(cl, true, false, Conv2dShape.of(2, 6, 14, 14, 16, 5, 1, 0, 1, 1),
                    Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 1, 1, 1));
            assertRoutes(cl, false, false, Conv2dShape.of(2, 3, 32, 32, 64, 3, 1, 1, 1, 1));
        }
    }

    /**
     * With 8 lanes (AVX2's blocks, on the 6 x 16 tile) it takes conv_lanes up to 19/20 of the GEMM's work:
     * the small CNN's 16 -> 32 both ways (200 x 32 against 224 x 36 forward, 200 x 16 against 224 x 18
     * backward), its 1 -> 16 forward, the CIFAR forward (1024 x 64 against 1088 x 66); not the backward-data
     * of layers with few input channels (CIFAR's 3, LeNet's 6 and the first layer's 1 fill few lanes).
     */
    @Test
    void withEightLanesTheRouteTakesLanesUpTo19Of20OfTheWork() throws Exception {
        try (ClBackend cl = withBlocks("packed:6x1", "2x2:8")) {
            assertRoutes(cl, true, true, Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 1, 1, 1));
            assertRoutes(cl, true, false, Conv2dShape.of(2, 1, 28, 28, 16, 3, 1, 1, 1, 1),
                    Conv2dShape.of(2, 3, 32, 32, 64, 3, 1, 1, 1, 1), Conv2dShape.of(2, 6, 14, 14, 16, 5, 1, 0, 1, 1));
        }
    }

    /** Whether {@code cl}'s default route takes conv_lanes for each shape's forward and backward-data. */
    private static void assertRoutes(ClBackend cl, boolean forward, boolean backwardData, Conv2dShape... shapes) {
        for (Conv2dShape s : shapes) {
            assertEquals(forward, cl.conv().forwardByLanes(s), "forward " + s);
            assertEquals(backwardData, cl.conv().backwardDataByLanes(s), "backward-data " + s);
        }
    }

    /** A backend on {@code gemm}'s tile with the convolution blocks {@code blocks}; the caller closes it. */
    private static ClBackend withBlocks(String gemm, String blocks) throws BackendUnavailableException {
        return OpenClTests.with(ClConvTiles.PROPERTY, blocks, () -> OpenClTests.onGemm(gemm));
    }

    /** The grid GEMM rows' property: no grid route (the tiled GPU kernel), no lanes, whatever is asked. */
    @Test
    void tiledRowsNeverTakeLanes() throws Exception {
        try (ClBackend cl = OpenClTests.backendWith(OpenClTests.Variant.ODD_TILED, ClConv.LANES_PROPERTY, "always")) {
            assertFalse(cl.conv().forwardByLanes(Conv2dShape.of(2, 6, 14, 14, 16, 5, 1, 0, 1, 1)));
        }
    }

    /**
     * A backend of {@code variant}'s grid tuning (lanes are a grid route) built with
     * {@code mimo4j.opencl.convLanes=mode}; the caller closes it.
     */
    private static ClBackend withLanes(OpenClTests.Variant variant, String mode) throws BackendUnavailableException {
        return OpenClTests.gridBackendWith(variant, ClConv.LANES_PROPERTY, mode);
    }

    /** {@link #withLanes} "always" with conv_lanes' kernel forced to {@code form}; the caller closes it. */
    private static ClBackend withForm(OpenClTests.Variant variant, String form) throws BackendUnavailableException {
        return OpenClTests.with(ClConv.LANES_FORM_PROPERTY, form, () -> withLanes(variant, "always"));
    }
}
