package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.BackendUnavailableException;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.tensor.Rng;

/**
 * ClConv's grid route (stride 1, dilation 1, one group: forward and backward-data read shifted windows
 * of zero-padded grids through sgemm_shifted) against CpuBackend, with {@link ClBackendConvParityTest}'s
 * checks and tolerance: the dot-product bound 2 gamma_(L+2) times the same convolution on absolute
 * values, L the longest sum (cin*kh*kw forward, cout*kh*kw backward-data, n*outH*outW weight).
 * Shapes: 1-3 images, sizes from 1, odd sizes, rectangular kernels up to 5 wide, every padding
 * 0..k-1 per axis, outputs that are not whole panels; the ODD_TILE variant (5 x 48 tiles, a
 * 3000-float budget) also pads the images in several chunks. Values are never zero. The shapes the grid
 * does not serve (stride 2, groups, dilation, pad >= k for backward-data) must take the packed route
 * and still match, and the grid route must give the same bits on repeated calls. The tests of the grid's
 * own choices run DEVICE on the CPU row where the device's row has no grid (a GPU's: see
 * OpenClTests.Variant#gridTuning); they looped forever there, waiting for a shape the grid takes.
 */
class ClConvGridParityTest {
    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void stride1MatchesCpuOnRandomGeometries(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(31);
        for (int done = 0; done < 30; done++) {
            Conv2dShape s = ClBackendConvParityTest.randomStride1(rng, 4, 13, 9);
            assertEquals(cl.conv().gridEnabled(), cl.conv().onGrid(s), s.toString());
            assertEquals(cl.conv().gridEnabled(), cl.conv().backwardDataOnGrid(s), s.toString());
            ClBackendConvParityTest.checkAll(cl, rng, s);
        }
    }

    /** The benchmark's LeNet layers on two images: many panels per image, pad 2 and pad 0. */
    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnTheLeNetLayers(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        ClBackendConvParityTest.checkAll(cl, new Rng(32), Conv2dShape.of(2, 1, 28, 28, 6, 5, 1, 2, 1, 1));
        ClBackendConvParityTest.checkAll(cl, new Rng(33), Conv2dShape.of(2, 6, 56, 56, 16, 5, 1, 0, 1, 1));
    }

    /**
     * Two identical calls give the same bits: the weight gradient of 5 images with 5 tap blocks runs in
     * 5 slices, summed in order; the second shape (30 wide) reads dY in place for it.
     */
    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void gridRouteIsDeterministic(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(35);
        Conv2dShape[] shapes = {new Conv2dShape(5, 2, 13, 11, 3, 3, 3, 1, 1, 1, 2, 1, 1, 1),
            new Conv2dShape(5, 2, 7, 32, 3, 3, 3, 1, 1, 1, 0, 1, 1, 1)};
        assertEquals(cl.conv().gridEnabled(), cl.conv().dwDirect(shapes[1]));
        for (Conv2dShape s : shapes) {
            float[] x = Parity.random(rng, s.inputSize()), w = Parity.random(rng, s.weightSize());
            float[] dy = Parity.random(rng, s.outputSize()), bias = Parity.random(rng, s.outChannels());
            float[][] first = new float[3][], second = new float[3][];
            for (float[][] out : new float[][][] {first, second}) {
                out[0] = new float[s.outputSize()];
                out[1] = new float[s.inputSize()];
                out[2] = new float[s.weightSize()];
                cl.conv2dForward(s, x, w, bias, out[0]);
                cl.conv2dBackwardData(s, dy, w, out[1]);
                cl.conv2dBackwardWeight(s, x, dy, out[2]);
            }
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(first[i], second[i], "output " + i + " differs between two identical calls, " + s);
            }
        }
    }

    /**
     * Convolutions with fewer output channels (forward) or input channels (backward-data) than the
     * tile's TM run a narrower build of the shifted GEMM whose TM is that count: every output is the same
     * ordered fma chain, so the bits equal the full tile's (a backend built with narrow tiles off). Shapes:
     * 1-7 channels each way, 1-3 images, sizes from 1, kernels up to 5, every padding below k.
     */
    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "ODD_TILE"})
    void narrowTilesGiveTheFullTilesBits(OpenClTests.Variant variant) throws Exception {
        ClBackend narrow = OpenClTests.gridBackend(variant);
        try (ClBackend full = OpenClTests.gridBackendWith(variant, ClBackend.NARROW_PROPERTY, "false");
             ClRuntime rt = ClRuntime.open()) {
            Rng rng = new Rng(36);
            int tm = variant.gridTuning(rt).tm();
            for (int done = 0; done < 12; done++) {
                Conv2dShape s = ClBackendConvParityTest.randomStride1(rng, 7, 13, 7);
                ClBackendConvParityTest.sameBits(narrow, full, rng, s);
                assertEquals(Math.min(s.outChannels(), tm), narrow.conv().gemm().shiftedTile(s.outChannels()).tm());
                assertEquals(tm, full.conv().gemm().shiftedTile(s.outChannels()).tm());
            }
        }
    }

    /**
     * On AVX-512's 8 x 32 table tile, convolutions of at least 8 channels run the shifted GEMM on a 4 x 64
     * tile (ClGemm.deepTileRows) with the table tile's bits: every output is the same ordered fma chain.
     * Shapes: 8-20 channels each way, 1-3 images, sizes from 1, kernels up to 5, every padding below k; the
     * benchmark's small-CNN 16 -> 32 layer on two images. Lanes off on both, so every convolution takes the GEMM.
     */
    @Test
    void deepConvolutionsOnTheEightRowTileRunFourRowsWithItsBits() throws Exception {
        try (ClBackend deep = eightRowTile(); // each backend owns its runtime and closes it
             ClBackend table = OpenClTests.with(ClBackend.NARROW_PROPERTY, "false", ClConvGridParityTest::eightRowTile)) {
            Rng rng = new Rng(38);
            for (int done = 0; done < 10; ) {
                Conv2dShape s = ClBackendConvParityTest.randomStride1(rng, 20, 13, 20);
                if (Math.min(s.inChannels(), s.outChannels()) < 8) {
                    continue; // a narrow tile's shape: narrowTilesGiveTheFullTilesBits covers those
                }
                done++;
                ClBackendConvParityTest.sameBits(deep, table, rng, s);
                ClGemm.ShiftedTile tile = deep.conv().gemm().shiftedTile(s.outChannels());
                assertEquals(4, tile.tm());
                assertEquals(64, tile.tn());
                assertEquals(8, table.conv().gemm().shiftedTile(s.outChannels()).tm());
            }
            ClBackendConvParityTest.sameBits(deep, table, rng, Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 1, 1, 1));
            ClBackendConvParityTest.checkAll(deep, rng, Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 1, 1, 1));
        }
    }

    /** A backend on the 8 x 32 GEMM tile (AVX-512's table row) with conv_lanes off; the caller closes it. */
    private static ClBackend eightRowTile() throws BackendUnavailableException {
        return OpenClTests.with(ClConv.LANES_PROPERTY, "false", () -> OpenClTests.onGemm("packed:8x2"));
    }

    /**
     * Outputs 16 to 40 wide whose rows in 16-wide chunks cost few enough lanes next to the grid's plane
     * (ClConvGrid.dwDirect): the weight gradient reads dY in place (conv_dw_direct), full chunks and a last chunk that ends at the row's
     * end with the lanes already counted masked; 1-3 images (several chunks of images on ODD_TILE's
     * budget), 1-4 input and 1-9 output channels, kernels up to 5, paddings below k. At least one shape
     * of the 8 has a width that is not a multiple of 16 and one a multiple.
     */
    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "ODD_TILE"})
    void wideOutputsReadDyInPlaceForTheWeightGradient(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.gridBackend(variant);
        Rng rng = new Rng(37);
        int done = 0, ragged = 0, whole = 0;
        while (done < 8 || ragged == 0 || whole == 0) {
            Conv2dShape s = randomOfWidth(rng, 16, 25, 6);
            if (s == null || !cl.conv().dwDirect(s)) {
                continue;
            }
            ClBackendConvParityTest.checkAll(cl, rng, s);
            done++;
            ragged += s.outW() % 16 != 0 ? 1 : 0;
            whole += s.outW() % 16 == 0 ? 1 : 0;
        }
        assertTrue(cl.conv().dwDirect(Conv2dShape.of(2, 3, 32, 32, 64, 3, 1, 1, 1, 1)), "CIFAR: 32 of 34");
        if (variant == OpenClTests.Variant.DEVICE) { // the plane's rounding depends on the tile's TN
            assertTrue(cl.conv().dwDirect(Conv2dShape.of(2, 1, 28, 28, 16, 3, 1, 1, 1, 1)),
                    "the small CNN's first layer: 28 x 32 lanes against 848, 9 taps");
            assertFalse(cl.conv().dwDirect(Conv2dShape.of(2, 6, 56, 56, 16, 5, 1, 0, 1, 1)),
                    "LeNet's 56 -> 52: 52 x 64 lanes against 2912, 150 taps each");
        }
    }

    /**
     * Outputs under 16 wide whose one chunk per row costs few enough lanes next to the grid's plane
     * (ClConvGrid.dwDirect): the weight gradient reads each dY row from its start, the lanes past the row
     * masked, running into the next row and, for the last one, past dY's end into its buffer's spare
     * room; 1-3 images (several chunks on ODD_TILE's budget), 1-4 input and 1-9 output channels, kernels
     * up to 5, paddings below k, 8 shapes that launch conv_dw_direct and no grid_dy. A dY that fills its
     * buffer exactly (1024 floats, the pool's smallest) leaves no room: grid_dy, and still a match.
     */
    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "ODD_TILE"})
    void narrowOutputsReadDyInPlaceWhereTheBuffersHaveRoom(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.gridBackend(variant);
        Rng rng = new Rng(38);
        int done = 0;
        while (done < 8) {
            Conv2dShape s = randomOfWidth(rng, 1, 15, 8);
            if (s == null || !cl.conv().dwDirect(s)) {
                continue;
            }
            Map<String, Long> launched = checkAllCounting(cl, rng, s);
            assertEquals(null, launched.get("grid_dy"), s.toString());
            assertTrue(launched.containsKey("conv_dw_direct"), s.toString());
            done++;
        }
        // 2 x 2 kernels on 5 x 5: x's grid has room for the last row's reads with panels 16 to 64 wide
        Conv2dShape full = Conv2dShape.of(1, 2, 5, 5, 64, 2, 1, 0, 1, 1);
        assertTrue(cl.conv().dwDirect(full));
        assertTrue(checkAllCounting(cl, rng, full).containsKey("grid_dy"), "no room past dY's 1024 floats");
        assertTrue(cl.conv().dwDirect(Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 1, 1, 1)), "the small CNN's second layer");
        if (variant == OpenClTests.Variant.DEVICE) { // the plane's rounding depends on the tile's TN
            assertTrue(cl.conv().dwDirect(Conv2dShape.of(2, 6, 14, 14, 16, 5, 1, 0, 1, 1)), "LeNet: 160 lanes of 144");
        }
    }

    /**
     * The weight gradient's slices keep each work-item's dY within ClConvGrid.DW_SLICE_FLOATS: the
     * benchmark's 32-image layers (one 56 x 56 LeNet slice per 3 images, one 112 x 112 per image, 8 CIFAR
     * images; the small CNN's and the 28 x 28 LeNet's as before, 1 and 4 slices), and a shape that
     * slices only for that reason (3 slices of 2, 2 and 1 images, 56 work-items) matches the CPU.
     */
    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "ODD_TILE"})
    void weightGradientSlicesKeepEachWorkItemsDyInCache(OpenClTests.Variant variant) throws Exception {
        assertEquals(11, ClConvGrid.slices(Conv2dShape.of(32, 6, 56, 56, 16, 5, 1, 0, 1, 1), 32, 38 * 4, 4));
        assertEquals(32, ClConvGrid.slices(Conv2dShape.of(32, 1, 112, 112, 6, 5, 1, 2, 1, 1), 32, 7 * 2, 4));
        assertEquals(4, ClConvGrid.slices(Conv2dShape.of(32, 3, 32, 32, 64, 3, 1, 1, 1, 1), 32, 7 * 16, 4));
        assertEquals(1, ClConvGrid.slices(Conv2dShape.of(32, 16, 14, 14, 32, 3, 1, 1, 1, 1), 32, 36 * 8, 4));
        assertEquals(4, ClConvGrid.slices(Conv2dShape.of(32, 1, 28, 28, 6, 5, 1, 2, 1, 1), 32, 7 * 2, 4));
        Conv2dShape sliced = Conv2dShape.of(5, 6, 64, 64, 16, 3, 1, 1, 1, 1);
        assertEquals(3, ClConvGrid.slices(sliced, 5, 14 * 4, 4));
        ClBackendConvParityTest.checkAll(OpenClTests.gridBackend(variant), new Rng(39), sliced);
    }

    /** {@link ClBackendConvParityTest#checkAll}, and the kernels it launched. */
    private static Map<String, Long> checkAllCounting(ClBackend cl, Rng rng, Conv2dShape s) {
        ClLaunches before = cl.launches();
        ClBackendConvParityTest.checkAll(cl, rng, s);
        return cl.launches().since(before).byKernel();
    }

    /** The register-blocked GEMM rows have the shifted form, so the grid route is on there. */
    @Test
    void packedRowsRunOnTheGrid() throws Exception {
        assertTrue(OpenClTests.backend(OpenClTests.Variant.PACKED_GPU_GROUPS).conv().gridEnabled());
        assertTrue(OpenClTests.backend(OpenClTests.Variant.ODD_TILE).conv().gridEnabled());
        assertFalse(OpenClTests.backend(OpenClTests.Variant.ODD_TILED).conv().gridEnabled());
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void otherShapesTakeThePackedRouteAndMatch(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(34);
        Conv2dShape[] packed = {
            new Conv2dShape(2, 3, 9, 8, 5, 3, 2, 2, 1, 1, 0, 1, 1, 1), // stride 2 x 1
            new Conv2dShape(2, 4, 7, 9, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2), // two groups
            new Conv2dShape(1, 3, 9, 9, 4, 3, 3, 1, 1, 2, 1, 2, 1, 1), // dilation 2 x 1
        };
        for (Conv2dShape s : packed) {
            assertFalse(cl.conv().onGrid(s), s.toString());
            assertFalse(cl.conv().backwardDataOnGrid(s), s.toString());
            ClBackendConvParityTest.checkAll(cl, rng, s);
        }
        // pad >= k: the forward runs on the grid, backward-data cannot pad dY by k-1-pad
        Conv2dShape wide = new Conv2dShape(2, 3, 5, 6, 4, 1, 3, 1, 1, 1, 2, 1, 1, 1);
        assertEquals(cl.conv().gridEnabled(), cl.conv().onGrid(wide));
        assertFalse(cl.conv().backwardDataOnGrid(wide));
        ClBackendConvParityTest.checkAll(cl, rng, wide);
    }

    /**
     * A stride-1 shape with an output [minOw, minOw + owRange) wide: 1-3 images, 1-4 input and 1-9 output
     * channels, 1 to maxH input rows, kernels up to 5, paddings below k; null where the kernel does not fit.
     */
    private static Conv2dShape randomOfWidth(Rng rng, int minOw, int owRange, int maxH) {
        int kh = 1 + rng.nextInt(5), kw = 1 + rng.nextInt(5), pw = rng.nextInt(kw), ow = minOw + rng.nextInt(owRange);
        try {
            return new Conv2dShape(1 + rng.nextInt(3), 1 + rng.nextInt(4), 1 + rng.nextInt(maxH), ow + kw - 1 - 2 * pw,
                    1 + rng.nextInt(9), kh, kw, 1, 1, rng.nextInt(kh), pw, 1, 1, 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
