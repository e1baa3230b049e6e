package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    static Timing t(String workload, String system, double ms) {
        return Timing.of(workload, system, new double[] {ms});
    }

    static Comparison sample() {
        return new Comparison(List.of(
                t("sgemm[n=512]", "torch", 4), t("sgemm[n=512]", "mimo4j-cpu", 6), t("sgemm[n=512]", "numpy", 3),
                t("sgemm[n=512]", "mimo4j-opencl", 12),
                t("conv2d-fwd[layer=a]", "mimo4j-cpu", 2), t("conv2d-fwd[layer=a]", "torch", 8),
                t("gram[d=10,objectives=2,threads=2]", "mimo4j-cpu", 1)));
    }

    @Test
    void ratioIsOurMedianOverThePeersFromTheSameRun() {
        Comparison c = sample();
        assertEquals(1.5, c.ratio("sgemm[n=512]", "mimo4j-cpu", "torch").orElseThrow());
        assertEquals(2.0, c.ratio("sgemm[n=512]", "mimo4j-cpu", "numpy").orElseThrow());
        assertEquals(0.25, c.ratio("conv2d-fwd[layer=a]", "mimo4j-cpu", "torch").orElseThrow());
    }

    @Test
    void noRatioWhereOneSideDidNotRun() {
        Comparison c = sample();
        assertTrue(c.ratio("conv2d-fwd[layer=a]", "mimo4j-cpu", "numpy").isEmpty());
        assertTrue(c.ratio("gram[d=10,objectives=2,threads=2]", "mimo4j-cpu", "torch").isEmpty());
    }

    @Test
    void oursComeFirstThenPeersEachSorted() {
        assertEquals(List.of("mimo4j-cpu", "mimo4j-opencl", "numpy", "torch"), sample().systems());
    }

    @Test
    void pairsAreOursAgainstPeersThatShareAWorkload() {
        List<String> pairs = sample().pairs().stream().map(p -> p[0] + "/" + p[1]).toList();
        assertEquals(List.of("mimo4j-cpu/numpy", "mimo4j-cpu/torch", "mimo4j-opencl/numpy", "mimo4j-opencl/torch"),
                pairs);
    }

    @Test
    void familiesFollowSortedWorkloads() {
        assertEquals(List.of("conv2d-fwd", "gram", "sgemm"), sample().families());
    }

    @Test
    void duplicateTimingIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Comparison(List.of(t("w", "torch", 1), t("w", "torch", 2))));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("torch"), e.getMessage());
    }

    @Test
    void aWorkloadIsUnsteadyForThePeerWhoseMedianMovedOnly() {
        Comparison c = new Comparison(List.of(t("w", "torch", 4), t("w", "numpy", 4), t("w", "mimo4j-cpu", 3)),
                List.of(new PeerDrift("w", "torch", 3, 5), new PeerDrift("w", "numpy", 4, 4.1)));
        assertTrue(c.unsteady("w", "torch"));
        assertTrue(!c.unsteady("w", "numpy") && !c.unsteady("v", "torch"));
        assertEquals(2, c.drifts().size());
    }
}
