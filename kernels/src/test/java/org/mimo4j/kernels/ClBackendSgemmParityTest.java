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
 * the 8 x 32 tile), every transpose pair, batches with strides and gaps, alpha and beta.
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
            check(cl, rng, trial % 2 == 1, (trial / 2) % 2 == 1, m, n, k, batch, rng.nextInt(3), trial % 3 == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnLargerSquareProducts(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(12);
        check(cl, rng, false, false, 129, 255, 193, 1, 0, false);
        check(cl, rng, true, true, 97, 130, 300, 2, 1, true);
    }

    /** pad: extra columns in lda/ldb/ldc and gaps between batch entries, which must stay untouched. */
    private void check(ClBackend cl, Rng rng, boolean ta, boolean tb, int m, int n, int k, int batch, int pad,
                       boolean withBeta) {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        long sa = (long) aRows * lda + pad, sb = (long) bRows * ldb + pad, sc = (long) m * ldc + pad;
        int aOff = pad, bOff = 2 * pad, cOff = pad;
        float[] a = Parity.random(rng, (int) (aOff + sa * batch));
        float[] b = Parity.random(rng, (int) (bOff + sb * batch));
        float[] c0 = Parity.random(rng, (int) (cOff + sc * batch));
        float alpha = 0.5f + rng.nextFloat(), beta = withBeta ? 0.25f + rng.nextFloat() : 0f;
        float[] want = c0.clone(), got = c0.clone(), bound = Parity.abs(c0);
        cpu.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, sa, b, bOff, ldb, sb, beta, want, cOff, ldc, sc, batch);
        cl.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, sa, b, bOff, ldb, sb, beta, got, cOff, ldc, sc, batch);
        cpu.sgemm(ta, tb, m, n, k, Math.abs(alpha), Parity.abs(a), aOff, lda, sa, Parity.abs(b), bOff, ldb, sb,
                Math.abs(beta), bound, cOff, ldc, sc, batch);
        String what = "sgemm " + (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                + " batch=" + batch + " pad=" + pad + " beta=" + beta;
        Parity.assertClose(what, want, got, bound, Parity.dotTolerance(k), 0, got.length);
        assertGapsUntouched(what, c0, got, cOff, ldc, sc, m, n, batch);
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
