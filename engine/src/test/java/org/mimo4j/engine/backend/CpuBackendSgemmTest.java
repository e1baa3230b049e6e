package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/** {@link CpuBackend#sgemm} against the double-precision reference, plus its argument checks. */
class CpuBackendSgemmTest {

    /** One random sgemm problem: sizes, layouts, offsets and strides. */
    private record Problem(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                           int aOff, int lda, long sa, int bOff, int ldb, long sb, int cOff, int ldc, long sc,
                           int batch, float[] a, float[] b, float[] c) {

        /** m and n in [1, maxMn], k in [minK, maxK]. */
        static Problem random(Rng rng, int maxMn, int minK, int maxK) {
            boolean ta = rng.nextInt(2) == 1, tb = rng.nextInt(2) == 1;
            int m = 1 + rng.nextInt(maxMn), n = 1 + rng.nextInt(maxMn), k = minK + rng.nextInt(maxK - minK + 1);
            int batch = 1 + rng.nextInt(3);
            int lda = (ta ? m : k) + rng.nextInt(3), ldb = (tb ? k : n) + rng.nextInt(3), ldc = n + rng.nextInt(3);
            long sa = (long) (ta ? k : m) * lda + rng.nextInt(5), sb = (long) (tb ? n : k) * ldb + rng.nextInt(5);
            long sc = (long) m * ldc + rng.nextInt(5);
            int aOff = rng.nextInt(4), bOff = rng.nextInt(4), cOff = rng.nextInt(4);
            float alpha = rng.nextInt(3) == 0 ? 1f : 2 * rng.nextFloat() - 1;
            float beta = new float[] {0f, 1f, 0.5f - rng.nextFloat()}[rng.nextInt(3)];
            float[] c = Arrays2.random(rng, (int) (cOff + sc * batch));
            if (beta == 0) {
                // BLAS convention: with beta == 0 the old C is never read, so NaN must not leak through.
                java.util.Arrays.fill(c, Float.NaN);
            }
            return new Problem(ta, tb, m, n, k, alpha, beta, aOff, lda, sa, bOff, ldb, sb, cOff, ldc, sc, batch,
                    Arrays2.random(rng, (int) (aOff + sa * batch)), Arrays2.random(rng, (int) (bOff + sb * batch)), c);
        }

        double[] reference() {
            return ReferenceKernels.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, sa, b, bOff, ldb, sb,
                    beta, c, cOff, ldc, sc, batch);
        }

        float[] run(Backend backend) {
            float[] out = c.clone();
            backend.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, sa, b, bOff, ldb, sb, beta, out, cOff, ldc, sc, batch);
            return out;
        }

        String describe() {
            return "sgemm(ta=" + ta + ", tb=" + tb + ", m=" + m + ", n=" + n + ", k=" + k + ", batch=" + batch
                    + ", alpha=" + alpha + ", beta=" + beta + ")";
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void matchesReferenceOnSmallRandomShapes(int threads) {
        Rng rng = new Rng(11);
        try (CpuBackend cpu = new CpuBackend(threads)) {
            for (int trial = 0; trial < 60; trial++) {
                Problem p = Problem.random(rng, 40, 1, 40);
                Arrays2.assertClose(p.describe(), p.reference(), p.run(cpu), 1e-5 * p.k());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void matchesReferenceAcrossCacheBlocks(int threads) {
        Rng rng = new Rng(12);
        try (CpuBackend cpu = new CpuBackend(threads)) {
            for (int trial = 0; trial < 3; trial++) {
                // Past one cache block in every direction: rows > MC, several column panels, k > KC.
                Problem p = Problem.random(rng, 140, SgemmCpu.KC + 1, SgemmCpu.KC + 40);
                Arrays2.assertClose(p.describe(), p.reference(), p.run(cpu), 1e-5 * p.k());
            }
        }
    }

    @Test
    void resultIsBitwiseIdenticalForAnyThreadCount() {
        Problem p = Problem.random(new Rng(13), 200, SgemmCpu.KC + 1, SgemmCpu.KC + 40);
        float[] one;
        try (CpuBackend cpu = new CpuBackend(1)) {
            one = p.run(cpu);
        }
        for (int threads : new int[] {2, 3, 5}) {
            try (CpuBackend cpu = new CpuBackend(threads)) {
                assertArrayEquals(one, p.run(cpu), p.describe() + " with " + threads + " threads");
            }
        }
    }

    /**
     * One block of rows (m <= the task block) split into column chunks: on several threads the chunks share
     * one packing of op(A) (SgemmCpu.packWholeA), on one thread A is packed block by block as it goes; both
     * ways, A as stored and transposed, the bits are the same.
     */
    @Test
    void chunksSharingOnePackingOfAGiveTheBitsOfOneThread() {
        Rng rng = new Rng(17);
        int m = 64, n = 4 * 32 + 5, k = 2 * SgemmCpu.KC + 37;
        for (boolean ta : new boolean[] {false, true}) {
            float[] a = Arrays2.random(rng, m * k), b = Arrays2.random(rng, k * n);
            float[] one = Arrays2.random(rng, m * n), two = one.clone();
            try (CpuBackend cpu = new CpuBackend(1)) {
                cpu.sgemm(ta, false, m, n, k, 0.7f, a, 0, ta ? m : k, 0, b, 0, n, 0, -0.3f, one, 0, n, 0, 1);
            }
            try (CpuBackend cpu = new CpuBackend(2)) {
                cpu.sgemm(ta, false, m, n, k, 0.7f, a, 0, ta ? m : k, 0, b, 0, n, 0, -0.3f, two, 0, n, 0, 1);
            }
            assertArrayEquals(one, two, "transA=" + ta);
        }
    }

    @Test
    void zeroSizedDimensionsLeaveOrScaleC() {
        try (CpuBackend cpu = new CpuBackend(2)) {
            float[] c = {1, 2, 3, 4};
            cpu.sgemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, 0, new float[6], 0, 2, 0, 0f, c, 0, 2, 0, 1);
            cpu.sgemm(false, false, 2, 2, 3, 1f, new float[6], 0, 3, 0, new float[6], 0, 2, 0, 0f, c, 0, 2, 0, 0);
            assertArrayEquals(new float[] {1, 2, 3, 4}, c);
            cpu.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, 0, new float[0], 0, 2, 0, 0.5f, c, 0, 2, 0, 1);
            assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, c);
        }
    }

    @Test
    void rejectsAnArrayTooShortForItsShapeNamingIt() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cpu.sgemm(false, false,
                    2, 2, 3, 1f, new float[6], 0, 3, 0, new float[5], 0, 2, 0, 0f, new float[4], 0, 2, 0, 1));
            assertTrue(e.getMessage().contains("b"), e.getMessage());
            assertTrue(e.getMessage().contains("5"), e.getMessage());
        }
    }

    @Test
    void rejectsALeadingDimensionSmallerThanTheRow() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cpu.sgemm(false, true,
                    2, 2, 3, 1f, new float[6], 0, 3, 0, new float[6], 0, 2, 0, 0f, new float[4], 0, 2, 0, 1));
            assertTrue(e.getMessage().contains("ldb"), e.getMessage());
        }
    }

    @Test
    void rejectsOutputAliasingAnInput() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            float[] shared = new float[16];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cpu.sgemm(false, false,
                    2, 2, 2, 1f, shared, 0, 2, 0, new float[4], 0, 2, 0, 0f, shared, 2, 2, 0, 1));
            assertTrue(e.getMessage().contains("c overlaps a"), e.getMessage());
        }
    }

    @Test
    void acceptsDisjointRegionsOfOneArray() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            float[] buf = {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0};
            cpu.sgemm(false, false, 2, 2, 2, 1f, buf, 0, 2, 0, buf, 4, 2, 0, 0f, buf, 8, 2, 0, 1);
            assertEquals(19f, buf[8]);
            assertEquals(50f, buf[11]);
        }
    }

    @Test
    void alphaZeroScalesCWithoutReadingAOrB() {
        try (CpuBackend cpu = new CpuBackend(2)) {
            float[] nan = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
            float[] c = {1, 2, 3, 4};
            cpu.sgemm(false, false, 2, 2, 2, 0f, nan, 0, 2, 0, nan.clone(), 0, 2, 0, 2f, c, 0, 2, 0, 1);
            assertArrayEquals(new float[] {2, 4, 6, 8}, c);
        }
    }

    @Test
    void rejectsBatchedOutputsThatOverlapEachOther() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cpu.sgemm(false, false,
                    2, 2, 2, 1f, new float[8], 0, 2, 4, new float[8], 0, 2, 4, 0f, new float[8], 0, 2, 3, 2));
            assertTrue(e.getMessage().contains("strideC"), e.getMessage());
        }
    }

    @Test
    void broadcastsAnOperandWithStrideZero() {
        Rng rng = new Rng(14);
        float[] a = Arrays2.random(rng, 3 * 4 * 5), b = Arrays2.random(rng, 5 * 6), c = new float[3 * 4 * 6];
        try (CpuBackend cpu = new CpuBackend(2)) {
            cpu.sgemm(false, false, 4, 6, 5, 1f, a, 0, 5, 20, b, 0, 6, 0, 0f, c, 0, 6, 24, 3);
        }
        Arrays2.assertClose("stride-0 B", ReferenceKernels.sgemm(false, false, 4, 6, 5, 1, a, 0, 5, 20, b, 0, 6, 0,
                0, new float[3 * 4 * 6], 0, 6, 24, 3), c, 1e-5);
    }

    @Test
    void refusesWorkAfterClose() {
        CpuBackend cpu = new CpuBackend(2);
        cpu.close();
        assertThrows(IllegalStateException.class, () -> cpu.sgemm(false, false, 2, 2, 2, 1f, new float[4], 0, 2, 0,
                new float[4], 0, 2, 0, 0f, new float[4], 0, 2, 0, 1));
    }
}
