package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.BackendUnavailableException;

/**
 * The autotune on the OpenCL device with small plans: only a candidate that built and matched the CPU
 * backend can be chosen, and every skipped one says why.
 */
class ClAutotuneTest {

    /**
     * packed:8x2 is built with -DNV=1 appended, which redefines the kernels' panel width to 16 while
     * the host packs and launches for 32: a build that succeeds and computes only half of C's columns,
     * as a miscompiled tile would. It is the fastest-looking candidate by far, so only the check keeps
     * it out.
     */
    private static ClBackend sabotaged(ClRuntime rt, ClTuning t) throws BackendUnavailableException {
        return switch (t.spec()) {
            case "packed:8x2" -> ClBackend.create(rt, t, "-DNV=1");
            case "packed:4x2" -> throw new BackendUnavailableException("OpenCL program matmul.cl failed to build\nlog");
            default -> ClBackend.create(rt, t, "");
        };
    }

    @Test
    void onlyACandidateThatBuiltAndMatchedTheCpuBackendIsChosen() throws Exception {
        OpenClTests.requireOpenCl();
        ClAutotune.Plan plan = new ClAutotune.Plan(List.of("tiled:256x256x16:4x4", "packed:8x2", "packed:4x2",
                "packed:4x1"), new int[] {40, 72}, 1, 1);
        List<String> progress = new ArrayList<>();
        try (ClRuntime rt = ClRuntime.open()) {
            ClAutotune.Result r = new ClAutotune(ClAutotuneTest::sabotaged).tune(rt, plan, progress::add);
            assertEquals(4, r.outcomes().size());
            assertSkipped(r.outcomes().get(0), "tiled:256x256x16:4x4", "invalid: ", "at most 1024");
            assertSkipped(r.outcomes().get(1), "packed:8x2", "wrong result: ", "the CPU backend's");
            assertSkipped(r.outcomes().get(2), "packed:4x2", "build failed: ", "failed to build");
            assertTrue(!r.outcomes().get(2).skipped().contains("log"), "only the first line of a build error");
            ClAutotune.Outcome ok = r.outcomes().get(3);
            assertSame(ok, r.chosen());
            assertEquals("packed:4x1", ok.gemm());
            assertEquals(2, ok.seconds().length);
            assertTrue(ok.seconds()[0] > 0 && ok.seconds()[1] > 0, java.util.Arrays.toString(ok.seconds()));
            assertEquals(rt.description(), r.device());
        }
        assertEquals(8, progress.size(), "a line before and after each candidate: " + progress);
        assertTrue(progress.get(7).startsWith("[4/4] packed:4x1: n=40 ") && progress.get(7).contains("GFLOP/s"),
                progress.get(7));
    }

    @Test
    void whenNothingPassesNothingIsChosen() throws Exception {
        OpenClTests.requireOpenCl();
        ClAutotune.Plan plan = new ClAutotune.Plan(List.of("packed:17x1", "tiled:64x72x16:4x8"), new int[] {8}, 1, 1);
        try (ClRuntime rt = ClRuntime.open()) {
            ClAutotune.Result r = new ClAutotune().tune(rt, plan, line -> { });
            assertNull(r.chosen());
            assertTrue(r.outcomes().stream().noneMatch(ClAutotune.Outcome::passed));
        }
    }

    @Test
    void theDefaultPlansTryOnlyValidRows() {
        for (ClRuntime.DeviceKind kind : ClRuntime.DeviceKind.values()) {
            for (int lanes : new int[] {1, 8, 16}) {
                ClAutotune.Plan plan = ClAutotune.Plan.forKind(kind, lanes);
                assertEquals(kind == ClRuntime.DeviceKind.CPU ? 7 : 6, plan.candidates().size(), kind + " " + lanes);
                assertEquals(plan.candidates().size(), Set.copyOf(plan.candidates()).size(), "no row twice");
                for (String spec : plan.candidates()) {
                    assertEquals(spec, ClTuning.withGemm(kind, spec).spec(), kind + " " + spec);
                }
                assertEquals(ClTuning.forKind(kind, lanes).spec(), plan.candidates().get(0),
                        "the table row is the first candidate: " + kind + " " + lanes);
            }
        }
    }

    @Test
    void aPlanWithoutWarmUpOrCandidatesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClAutotune.Plan(List.of("packed:8x2"), new int[] {8}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ClAutotune.Plan(List.of(), new int[] {8}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ClAutotune.Plan(List.of("packed:8x2"), new int[] {0}, 1, 1));
    }

    private static void assertSkipped(ClAutotune.Outcome o, String gemm, String prefix, String reason) {
        assertEquals(gemm, o.gemm());
        assertTrue(!o.passed() && o.seconds() == null, gemm);
        assertTrue(o.skipped().startsWith(prefix) && o.skipped().contains(reason), o.skipped());
    }
}
