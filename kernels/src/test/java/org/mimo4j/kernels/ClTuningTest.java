package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tuning table and its tile override. */
class ClTuningTest {

    @Test
    void cpuRowWithSixteenFloatRegistersIsThe8x32RegisterBlock() {
        ClTuning cpu = ClTuning.forKind(ClRuntime.DeviceKind.CPU, 16);
        assertEquals(8, cpu.tm());
        assertEquals(32, cpu.tn());
        assertEquals("-cl-mad-enable -DTM=8 -DNV=2 -DPACK_STEPS=16 -DPACK_PANELS=8", cpu.options());
        assertArrayEquals(new int[] {1, 1}, cpu.gemmLocal());
    }

    @Test
    void cpuRowWithNarrowerRegistersIsThe6x16RegisterBlock() {
        for (int lanes : new int[] {8, 4}) {
            ClTuning cpu = ClTuning.forKind(ClRuntime.DeviceKind.CPU, lanes);
            assertEquals(6, cpu.tm(), "lanes " + lanes);
            assertEquals(16, cpu.tn(), "lanes " + lanes);
            assertEquals("-cl-mad-enable -DTM=6 -DNV=1 -DPACK_STEPS=16 -DPACK_PANELS=8", cpu.options());
            assertArrayEquals(new int[] {1, 1}, cpu.gemmLocal(), "single-item work-groups, as on every CPU row");
        }
    }

    @Test
    void gpuRowDoesNotDependOnTheVectorWidth() {
        assertEquals(ClTuning.forKind(ClRuntime.DeviceKind.GPU, 1).spec(), ClTuning.forKind(ClRuntime.DeviceKind.GPU, 16).spec());
    }

    @Test
    void gpuRowRunsTheTiledKernelOn128By128Tiles() {
        ClTuning gpu = ClTuning.forKind(ClRuntime.DeviceKind.GPU, 1);
        assertTrue(gpu.tiled());
        assertEquals("sgemm_tiled", gpu.gemmKernel());
        assertEquals(128, gpu.tm());
        assertEquals(128, gpu.tn());
        assertArrayEquals(new int[] {16, 16}, gpu.gemmLocal());
        assertEquals("-cl-mad-enable -DTM=128 -DNV=8 -DBK=16 -DRM=8 -DRN=8", gpu.options());
    }

    @Test
    void onlyTheGpuTableRowBuildsALadderOfTiles() {
        assertEquals(List.of("tiled:128x128x16:8x8", "tiled:64x64x16:8x8", "tiled:16x64x16:4x4"),
                ClTuning.forKind(ClRuntime.DeviceKind.GPU, 1).tileLadder().stream().map(ClTuning::spec).toList());
        for (ClTuning alone : new ClTuning[] {ClTuning.forKind(ClRuntime.DeviceKind.CPU, 8),
            ClTuning.withGemm(ClRuntime.DeviceKind.GPU, "tiled:64x64x16:4x4"),
            ClTuning.withGemm(ClRuntime.DeviceKind.GPU, "packed")}) {
            assertEquals(List.of(alone.spec()), alone.tileLadder().stream().map(ClTuning::spec).toList());
        }
        System.setProperty(ClTuning.GEMM_PROPERTY, "tiled");
        try {
            ClTuning forced = ClTuning.forKind(ClRuntime.DeviceKind.GPU, 1);
            assertEquals(1, forced.tileLadder().size(), "a forced tile runs every GEMM");
        } finally {
            System.clearProperty(ClTuning.GEMM_PROPERTY);
        }
    }

    @Test
    void packingRangesAreOneItemPerRowOnCpuRowsAndPerFourFloatsOnTiledRows() {
        ClTuning cpu = ClTuning.forKind(ClRuntime.DeviceKind.CPU, 8);
        assertArrayEquals(new long[] {5, 37, 2}, cpu.packGlobal(5, cpu.tn(), 37, 2));
        assertArrayEquals(new long[] {1, cpu.packRows(), 1}, cpu.packLocal(cpu.tn()));
        ClTuning gpu = ClTuning.withGemm(ClRuntime.DeviceKind.GPU, "tiled:16x64x16:4x4");
        assertArrayEquals(new long[] {5 * 16, 37, 2}, gpu.packGlobal(5, gpu.tn(), 37, 2));
        for (int width : new int[] {16, 64, 128}) {
            long[] local = gpu.packLocal(width);
            assertEquals(64, local[0] * local[1] * local[2], "width " + width);
            assertEquals(width / 4, local[0], "one row of a block or panel per group row, width " + width);
        }
    }

    @Test
    void gemmSpecSetsTileSliceAndRegisterBlock() {
        ClTuning t = ClTuning.withGemm(ClRuntime.DeviceKind.CPU, " Tiled:32x64x24:4x8 ");
        assertEquals(32, t.tm());
        assertEquals(64, t.tn());
        assertArrayEquals(new int[] {8, 8}, t.gemmLocal());
        assertEquals("-cl-mad-enable -DTM=32 -DNV=4 -DBK=24 -DRM=4 -DRN=8", t.options());
        assertEquals(128, t.local1d(), "helper sizes come from the device kind's row");
    }

    @Test
    void packedSpecOnAGpuIsTheRegisterBlockedKernelInGroupsOf64() {
        ClTuning t = ClTuning.withGemm(ClRuntime.DeviceKind.GPU, "packed");
        assertEquals("sgemm_packed", t.gemmKernel());
        assertEquals("-cl-mad-enable -DTM=4 -DNV=1 -DPACK_STEPS=16 -DPACK_PANELS=8", t.options());
        assertArrayEquals(new int[] {4, 16}, t.gemmLocal());
    }

    @Test
    void tileOverrideSelectsThePackedKernel() {
        System.setProperty(ClTuning.TILE_PROPERTY, "4x2");
        try {
            ClTuning t = ClTuning.forKind(ClRuntime.DeviceKind.GPU, 1);
            assertEquals("sgemm_packed", t.gemmKernel());
            assertEquals("-cl-mad-enable -DTM=4 -DNV=2 -DPACK_STEPS=16 -DPACK_PANELS=8", t.options());
            assertArrayEquals(new int[] {4, 16}, t.gemmLocal());
        } finally {
            System.clearProperty(ClTuning.TILE_PROPERTY);
        }
    }

    @Test
    void gemmPropertyForcesTheTiledKernelOnACpu() {
        System.setProperty(ClTuning.GEMM_PROPERTY, "tiled");
        try {
            assertEquals("sgemm_tiled", ClTuning.forKind(ClRuntime.DeviceKind.CPU, 8).gemmKernel());
        } finally {
            System.clearProperty(ClTuning.GEMM_PROPERTY);
        }
    }

    @Test
    void impossibleOrMalformedGemmSpecsAreRejectedSayingWhy() {
        String[][] cases = {
            {"fast", "packed, tiled or tiled:BMxBNxBK:RMxRN"},
            {"tiled:64x64", "packed, tiled or tiled:BMxBNxBK:RMxRN"},
            {"tiled:64x64x16:6x8", "multiples of 4"},
            {"tiled:64x72x16:4x8", "BN be a multiple of 16"},
            {"tiled:256x256x16:4x4", "at most 1024"},
            {"tiled:64x64x1:4x4", "multiples of the work-group size"},
            {"tiled:128x128x32:8x8", "32 KB"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClTuning.withGemm(ClRuntime.DeviceKind.GPU, c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(ClTuning.GEMM_PROPERTY),
                    e.getMessage());
        }
    }

    @Test
    void specNamesTheRowSoThatWithGemmGivesItBack() {
        for (ClRuntime.DeviceKind kind : ClRuntime.DeviceKind.values()) {
            for (String spec : new String[] {"packed:8x2", "packed:5x3", "tiled:128x128x16:8x8", "tiled:32x64x24:4x8"}) {
                ClTuning t = ClTuning.withGemm(kind, spec);
                assertEquals(spec, t.spec(), kind + " " + spec);
                assertEquals(t.options(), ClTuning.withGemm(kind, t.spec()).options());
                assertArrayEquals(t.gemmLocal(), ClTuning.withGemm(kind, t.spec()).gemmLocal());
            }
        }
        assertEquals("packed:8x2", ClTuning.forKind(ClRuntime.DeviceKind.CPU, 16).spec());
        assertEquals("packed:6x1", ClTuning.forKind(ClRuntime.DeviceKind.CPU, 8).spec());
        assertEquals("tiled:128x128x16:8x8", ClTuning.forKind(ClRuntime.DeviceKind.GPU, 1).spec());
    }

    @Test
    void packedSpecWithATileIsThatTileInTheKindsWorkGroups() {
        ClTuning t = ClTuning.withGemm(ClRuntime.DeviceKind.GPU, "packed:6x2");
        assertEquals("-cl-mad-enable -DTM=6 -DNV=2 -DPACK_STEPS=16 -DPACK_PANELS=8", t.options());
        assertArrayEquals(new int[] {4, 16}, t.gemmLocal());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClTuning.withGemm(ClRuntime.DeviceKind.CPU, "packed:17x1"));
        assertTrue(e.getMessage().contains("TMxNV"), e.getMessage());
    }

    @Test
    void forcedByNamesTheForcingPropertiesOrIsNull() {
        assertEquals(null, ClTuning.forcedBy());
        System.setProperty(ClTuning.TILE_PROPERTY, "4x2");
        try {
            assertEquals("-Dmimo4j.opencl.tile=4x2", ClTuning.forcedBy());
        } finally {
            System.clearProperty(ClTuning.TILE_PROPERTY);
        }
    }

    @Test
    void tileOverrideReplacesOnlyTheTile() {
        ClTuning t = ClTuning.forKind(ClRuntime.DeviceKind.GPU, 1).withTile("5X3");
        assertEquals(5, t.tm());
        assertEquals(48, t.tn());
        assertEquals(64, t.local1d());
    }

    @Test
    void malformedTileIsRejectedWithTheExpectedForm() {
        ClTuning cpu = ClTuning.forKind(ClRuntime.DeviceKind.CPU, 16);
        for (String bad : new String[] {"8", "8x", "0x2", "8x5", "axb", "8x2x1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cpu.withTile(bad), bad);
            assertTrue(e.getMessage().contains("TMxNV") && e.getMessage().contains(bad), e.getMessage());
        }
    }
}
