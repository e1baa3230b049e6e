package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;

/**
 * ClBackend's sgemm against CpuBackend on random shapes (1, odd sizes, sizes that are no multiple of
 * any variant's tile: 8 x 32, 4 x 16, 5 x 48, 128 x 128 by 16, 32 x 64 by 24), every transpose pair,
 * batches with strides, gaps and stride 0, alpha and beta (also beta = 0 over NaN).
 * Tolerance: the float32 dot-product bound 2 gamma_(k+2) * sum |alpha a b| + |beta c|, per element.
 */
class ClBackendSgemmParityTest {
    private final CpuBackend cpu = new CpuBackend(1);

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnRandomShapesAndTransposes(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(11);
        int[] sizes = {1, 2, 7, 8, 9, 31, 33, 57, 64, 100};
        for (int trial = 0; trial < 40; trial++) {
            int m = sizes[rng.nextInt(sizes.length)], n = sizes[rng.nextInt(sizes.length)];
            int k = sizes[rng.nextInt(sizes.length)], batch = 1 + rng.nextInt(3);
            check(cl, rng, Case.of(trial % 2 == 1, (trial / 2) % 2 == 1, m, n, k, batch, rng.nextInt(3),
                    trial % 3 == 0));
        }
    }

    /** Sizes 1 in every position and k = 1 with m, n past a 128 tile, for every transpose pair. */
    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnEdgeShapes(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(13);
        int[][] shapes = {{1, 1, 1}, {1, 130, 1}, {130, 1, 7}, {131, 129, 1}, {1, 1, 300}, {2, 3, 1}, {1, 65, 17}};
        for (int t = 0; t < 4; t++) {
            for (int[] s : shapes) {
                check(cl, rng, Case.of(t % 2 == 1, t / 2 == 1, s[0], s[1], s[2], 2, t % 2, t == 1));
            }
        }
    }

    /** Batch stride 0 reads one A (or B) for every batch entry, as convolution weights do. */
    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void sharesOneOperandAcrossTheBatchWhenItsStrideIsZero(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(14);
        int[] sizes = {1, 7, 33, 64, 130};
        for (int trial = 0; trial < 12; trial++) {
            int m = sizes[rng.nextInt(sizes.length)], n = sizes[rng.nextInt(sizes.length)];
            int k = sizes[rng.nextInt(sizes.length)], batch = 2 + rng.nextInt(3);
            Case c = Case.of(trial % 2 == 1, (trial / 2) % 2 == 1, m, n, k, batch, trial % 3, trial % 3 == 0);
            check(cl, rng, trial % 3 == 2 ? c.sharing(true, true) : c.sharing(trial % 4 < 2, trial % 4 >= 2));
        }
    }

    /** As in BLAS, beta = 0 ignores C: NaN in C must not survive (0 * NaN would be NaN). */
    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void betaZeroOverwritesNaNInC(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(15);
        check(cl, rng, Case.of(false, false, 33, 70, 19, 2, 1, false).withNaNInC());
        check(cl, rng, Case.of(true, true, 130, 9, 1, 1, 0, false).withNaNInC());
        check(cl, rng, Case.of(false, true, 1, 1, 5, 3, 2, false).sharing(true, false).withNaNInC());
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnLargerSquareProducts(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(12);
        check(cl, rng, Case.of(false, false, 129, 255, 193, 1, 0, false));
        check(cl, rng, Case.of(true, true, 97, 130, 300, 2, 1, true));
    }

    /**
     * One sgemm call. pad: extra columns in lda/ldb/ldc and gaps between batch entries, which must stay
     * untouched; shareA/shareB: batch stride 0; nanC: NaN in every element of C (with beta = 0).
     */
    private record Case(boolean ta, boolean tb, int m, int n, int k, int batch, int pad, boolean withBeta,
                        boolean shareA, boolean shareB, boolean nanC) {
        static Case of(boolean ta, boolean tb, int m, int n, int k, int batch, int pad, boolean withBeta) {
            return new Case(ta, tb, m, n, k, batch, pad, withBeta, false, false, false);
        }

        Case sharing(boolean a, boolean b) {
            return new Case(ta, tb, m, n, k, batch, pad, withBeta, a, b, nanC);
        }

        Case withNaNInC() {
            return new Case(ta, tb, m, n, k, batch, pad, false, shareA, shareB, true);
        }
    }

    private void check(ClBackend cl, Rng rng, Case t) {
        boolean ta = t.ta(), tb = t.tb();
        int m = t.m(), n = t.n(), k = t.k(), batch = t.batch(), pad = t.pad();
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        long spanA = (long) aRows * lda + pad, spanB = (long) bRows * ldb + pad, sc = (long) m * ldc + pad;
        long sa = t.shareA() ? 0 : spanA, sb = t.shareB() ? 0 : spanB;
        int aOff = pad, bOff = 2 * pad, cOff = pad;
        float[] a = Parity.random(rng, (int) (aOff + sa * (batch - 1) + spanA));
        float[] b = Parity.random(rng, (int) (bOff + sb * (batch - 1) + spanB));
        float[] c0 = Parity.random(rng, (int) (cOff + sc * batch));
        if (t.nanC()) {
            fillMatrices(c0, cOff, ldc, sc, m, n, batch, Float.NaN);
        }
        float alpha = 0.5f + rng.nextFloat(), beta = t.withBeta() ? 0.25f + rng.nextFloat() : 0f;
        float[] want = c0.clone(), got = c0.clone(), bound = Parity.abs(c0);
        cpu.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, sa, b, bOff, ldb, sb, beta, want, cOff, ldc, sc, batch);
        cl.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, sa, b, bOff, ldb, sb, beta, got, cOff, ldc, sc, batch);
        cpu.sgemm(ta, tb, m, n, k, Math.abs(alpha), Parity.abs(a), aOff, lda, sa, Parity.abs(b), bOff, ldb, sb,
                Math.abs(beta), bound, cOff, ldc, sc, batch);
        String what = "sgemm " + (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                + " batch=" + batch + " pad=" + pad + " beta=" + beta + " strideA=" + sa + " strideB=" + sb
                + (t.nanC() ? " NaN in C" : "");
        Parity.assertClose(what, want, got, bound, Parity.dotTolerance(k), 0, got.length);
        assertGapsUntouched(what, c0, got, cOff, ldc, sc, m, n, batch);
    }

    private static void fillMatrices(float[] c, int off, int ldc, long sc, int m, int n, int batch, float v) {
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m; i++) {
                int row = (int) (off + b * sc + (long) i * ldc);
                java.util.Arrays.fill(c, row, row + n, v);
            }
        }
    }

    private static void assertGapsUntouched(String what, float[] c0, float[] got, int off, int ldc, long sc, int m,
                                            int n, int batch) {
        float[] expected = c0.clone();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m; i++) {
                int row = (int) (off + b * sc + (long) i * ldc);
                System.arraycopy(got, row, expected, row, n);
            }
        }
        assertArrayEquals(expected, got, what + ": elements outside C were modified");
    }

    @Test
    void zeroInnerDimensionScalesCByBeta() throws Exception {
        ClBackend cl = OpenClTests.backend();
        float[] c = {1, 2, 3, 4, 5, 6};
        cl.sgemm(false, false, 2, 3, 0, 1f, new float[0], 0, 1, 0, new float[0], 0, 3, 0, 0.5f, c, 0, 3, 0, 1);
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2, 2.5f, 3}, c);
    }

    @Test
    void rejectsAliasedOutputNamingTheArgument() throws Exception {
        ClBackend cl = OpenClTests.backend();
        float[] a = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cl.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, 0, new float[4], 0, 2, 0, 0f, a, 0, 2, 0, 1));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("alias input a"), e.getMessage());
    }

    @Test
    void rejectsTooShortInputNamingIt() throws Exception {
        ClBackend cl = OpenClTests.backend();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cl.sgemm(false, false, 2, 2, 3, 1f, new float[6], 0, 3, 0, new float[5], 0, 2, 0, 0f,
                        new float[4], 0, 2, 0, 1));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("sgemm: b needs 6 floats"),
                e.getMessage());
    }
}
