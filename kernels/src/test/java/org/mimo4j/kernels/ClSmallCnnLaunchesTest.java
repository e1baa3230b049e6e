package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;

/**
 * What one steady training step of the benchmark's small CNN ({@link SmallCnnStep}) launches on OpenCL,
 * kernel by kernel. On PoCL a launch costs 30-40 us whatever its size, so a step's launch count is part
 * of its time: this pins it, so that an extra launch is a visible decision. The first steps are left
 * out (the first update uploads the parameters); steps 2 and 3 must launch the same kernels.
 */
class ClSmallCnnLaunchesTest {

    @Test
    void aSteadyStepLaunchesExactlyTheseKernels() throws Exception {
        Map<String, Long> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("pack_a", 6L), Map.entry("pack_b", 4L), Map.entry("sgemm_packed", 8L), // 2 conv, linear
                Map.entry("pack_cols", 2L), Map.entry("add_row_vector", 1L), Map.entry("unary", 2L),
                Map.entry("max_pool_forward", 2L), Map.entry("cross_entropy_forward", 1L),
                Map.entry("fill", 7L), Map.entry("cross_entropy_backward", 1L), Map.entry("sum_rows", 1L),
                Map.entry("axpy", 6L), Map.entry("max_pool_backward_tiled", 2L), Map.entry("unary_backward", 2L),
                Map.entry("col2im", 1L), Map.entry("pack_dy", 2L), Map.entry("pack_cols_t", 2L),
                Map.entry("sum_slices", 2L), Map.entry("sum_planes", 2L), Map.entry("sgd_update", 6L)));
        ClLaunches[] steps = launches(4);
        assertEquals(steps[2].byKernel(), steps[3].byKernel(), "steady steps launch the same kernels");
        assertEquals(expected, new TreeMap<>(steps[3].byKernel()), "one steady step: " + steps[3]);
        assertEquals(60, steps[3].total());
    }

    private static ClLaunches[] launches(int count) throws Exception {
        Backend before = Backends.current();
        ClBackend cl = OpenClTests.backend();
        try {
            Backends.use(cl);
            SmallCnnStep net = new SmallCnnStep(3);
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
