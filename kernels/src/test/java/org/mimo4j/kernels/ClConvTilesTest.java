package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mimo4j.engine.backend.BackendUnavailableException;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.tensor.Rng;

/**
 * The convolution kernels' register blocks per vector width, and every block the table can pick (and an
 * odd one) against the CPU backend on this device, whatever its own width: the AVX-512 blocks are
 * exercised on an AVX2 machine and the other way round.
 */
class ClConvTilesTest {
    @Test
    void blocksFollowTheVectorWidth() {
        assertEquals(new ClConvTiles(4, 4, 16), ClConvTiles.forLanes(16));
        assertEquals(new ClConvTiles(4, 4, 16), ClConvTiles.forLanes(32));
        assertEquals(new ClConvTiles(2, 2, 8), ClConvTiles.forLanes(8));
        assertEquals(ClConvTiles.narrow(), ClConvTiles.forLanes(4));
        assertEquals("-DDW_R=2 -DDW_C=2 -DLN=8", ClConvTiles.forLanes(8).options());
        assertEquals("4x4:16", ClConvTiles.forLanes(16).spec());
        assertEquals(new ClConvTiles(3, 1, 8), ClConvTiles.parse(new ClConvTiles(3, 1, 8).spec()));
    }

    /** {@code mimo4j info} (the provider's description) names the blocks where the device's row uses them. */
    @Test
    void theDescriptionNamesTheDevicesBlocks() throws Exception {
        OpenClTests.requireOpenCl();
        String described = new ClBackendProvider().describe();
        try (ClRuntime rt = ClRuntime.open()) {
            String blocks = "; conv blocks " + ClConvTiles.forLanes(rt.floatLanes()).spec() + " (" + rt.floatLanes()
                    + "-float vectors)";
            assertEquals(!ClTuningChoice.current(rt).tuning().tiled(), described.endsWith(blocks), described);
        }
    }

    @Test
    void thePropertyOverridesTheBlocks() {
        System.setProperty(ClConvTiles.PROPERTY, " 3X1:16 ");
        try {
            assertEquals(new ClConvTiles(3, 1, 16), ClConvTiles.forLanes(8));
        } finally {
            System.clearProperty(ClConvTiles.PROPERTY);
        }
    }

    @Test
    void malformedBlocksAreRejectedWithTheExpectedForm() {
        for (String bad : new String[] {"4x4", "4x4:12", "0x2:8", "9x1:8", "axb:8", "4x4:16:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClConvTiles.parse(bad), bad);
            assertTrue(e.getMessage().contains("RxC:LN"), e.getMessage());
        }
    }

    /**
     * Forward and backward-data on conv_lanes and the weight gradient on conv_dw_grid / conv_dw_direct,
     * built with {@code blocks}, match the CPU backend on random stride-1 shapes (channels up to 20: one or
     * two lane blocks, tiles past the last channel and tap), and lanes give the shifted GEMM's bits; with
     * each of conv_lanes' kernels forced ({@code form}; auto picks one by the work model).
     */
    @ParameterizedTest
    @CsvSource({"4x4:16, narrow", "4x4:16, wide", "2x2:8, narrow", "2x2:8, wide", "3x1:8, auto"})
    void everyBlockMatchesTheCpu(String blocks, String form) throws Exception {
        try (ClBackend lanes = OpenClTests.with(ClConv.LANES_FORM_PROPERTY, form, () -> withBlocks(blocks, "always"));
             ClBackend grid = withBlocks(blocks, "false")) {
            Rng rng = new Rng(44);
            for (int done = 0; done < 8; done++) {
                Conv2dShape s = ClBackendConvParityTest.randomStride1(rng, 20, 12, 20);
                assertTrue(lanes.conv().forwardByLanes(s), s.toString());
                ClBackendConvParityTest.checkAll(lanes, rng, s);
                ClBackendConvParityTest.sameBits(lanes, grid, rng, s);
            }
            ClBackendConvParityTest.checkAll(grid, rng, Conv2dShape.of(3, 3, 16, 16, 20, 3, 1, 1, 1, 1));
        }
    }

    /** A backend of the CPU row's grid built with {@code blocks} and {@code mimo4j.opencl.convLanes=lanes}. */
    private static ClBackend withBlocks(String blocks, String lanes) throws BackendUnavailableException {
        return OpenClTests.with(ClConvTiles.PROPERTY, blocks,
                () -> OpenClTests.gridBackendWith(OpenClTests.Variant.DEVICE, ClConv.LANES_PROPERTY, lanes));
    }
}
