package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RooflineTest {

    @Test
    void sgemmRateIsTwoNCubedOverTime() {
        // 2 * 1000^3 flops in 20 ms = 100 GFLOP/s.
        Timing t = ComparisonTest.t("sgemm[n=1000]", "mimo4j-cpu", 20);
        assertEquals(100, Roofline.gflops(t).orElseThrow(), 1e-9);
        assertTrue(Roofline.readGbs(t).isEmpty());
    }

    @Test
    void residentSgemmRateIsTwoNCubedOverTimeToo() {
        // 2 * 512^3 flops in 2 ms = 134.2 GFLOP/s.
        Timing t = ComparisonTest.t("sgemm-resident[n=512]", "mimo4j-opencl", 2);
        assertEquals(2 * Math.pow(512, 3) / 2e6, Roofline.gflops(t).orElseThrow(), 1e-9);
        assertTrue(Roofline.readGbs(t).isEmpty());
    }

    @Test
    void otherFamiliesHaveNoFlopRate() {
        assertTrue(Roofline.gflops(ComparisonTest.t("conv2d-fwd[layer=lenet28-conv1]", "torch", 1)).isEmpty());
    }

    @Test
    void gramRateIsFourKdBytesOverTime() {
        // 4 bytes * 4 objectives * 1e6 = 16 MB in 2 ms = 8 GB/s.
        Timing t = ComparisonTest.t("gram[d=1000000,objectives=4,threads=2]", "numpy", 2);
        assertEquals(8, Roofline.readGbs(t).orElseThrow(), 1e-9);
        assertTrue(Roofline.gflops(t).isEmpty());
    }

    @Test
    void malformedParameterIsAnErrorNamingTheKey() {
        Timing t = ComparisonTest.t("gram[d1000]", "numpy", 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Roofline.params(t));
        assertTrue(e.getMessage().contains("gram[d1000]"), e.getMessage());
    }
}
