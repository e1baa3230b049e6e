package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tuning table and its tile override. */
class ClTuningTest {

    @Test
    void cpuRowIsTheMeasured8x32RegisterBlock() {
        ClTuning cpu = ClTuning.forKind(ClRuntime.DeviceKind.CPU);
        assertEquals(8, cpu.tm());
        assertEquals(32, cpu.tn());
        assertEquals("-cl-mad-enable -DTM=8 -DNV=2", cpu.options());
    }

    @Test
    void tileOverrideReplacesOnlyTheTile() {
        ClTuning t = ClTuning.forKind(ClRuntime.DeviceKind.GPU).withTile("5X3");
        assertEquals(5, t.tm());
        assertEquals(48, t.tn());
        assertEquals(64, t.local1d());
    }

    @Test
    void malformedTileIsRejectedWithTheExpectedForm() {
        ClTuning cpu = ClTuning.forKind(ClRuntime.DeviceKind.CPU);
        for (String bad : new String[] {"8", "8x", "0x2", "8x5", "axb", "8x2x1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cpu.withTile(bad), bad);
            assertTrue(e.getMessage().contains("TMxNV") && e.getMessage().contains(bad), e.getMessage());
        }
    }
}
