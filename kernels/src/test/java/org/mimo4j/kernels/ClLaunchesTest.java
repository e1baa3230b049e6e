package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launch counts' arithmetic: totals, and differences of snapshots that leave out what did not change. */
class ClLaunchesTest {

    @Test
    void sinceKeepsOnlyTheKernelsLaunchedInBetween() {
        ClLaunches before = new ClLaunches(Map.of("fill", 3L, "axpy", 2L));
        ClLaunches after = new ClLaunches(Map.of("fill", 5L, "axpy", 2L, "copy", 1L));
        ClLaunches step = after.since(before);
        assertEquals(Map.of("fill", 2L, "copy", 1L), step.byKernel());
        assertEquals(3, step.total());
        assertEquals(8, after.total());
    }
}
