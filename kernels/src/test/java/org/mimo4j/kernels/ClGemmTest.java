package org.mimo4j.kernels;

import static org.jocl.CL.clReleaseProgram;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jocl.cl_program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;

/**
 * ClGemm on device buffers, for what the host-array entry point cannot reach: with beta = 0,
 * ClBackend.sgemm never uploads C, so only here can the device C hold NaN that the kernel must ignore;
 * and the register-blocked rows' two GEMM forms (A read in place, A packed) against each other, and
 * which one a product takes.
 */
class ClGemmTest {

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void betaZeroIgnoresNaNAlreadyInTheDeviceOutput(OpenClTests.Variant variant) throws Exception {
        withGemm(variant, (rt, gemm, scope) -> {
            int m = 37, n = 70, k = 19, batch = 2;
            Rng rng = new Rng(31);
            float[] a = Parity.random(rng, m * k * batch), b = Parity.random(rng, k * n * batch);
            float[] want = new float[m * n * batch], got = new float[m * n * batch];
            java.util.Arrays.fill(got, Float.NaN);
            ClHost host = new ClHost(rt);
            ClBuffer dc = host.upload(scope, got, 0, got.length);
            gemm.multiply(scope, m, n, k, 1.5f, ClMatrix.rowMajor(host.upload(scope, a, 0, a.length), 0, k, m * k),
                    ClMatrix.rowMajor(host.upload(scope, b, 0, b.length), 0, n, k * n), 0f,
                    ClMatrix.rowMajor(dc, 0, n, m * n), batch);
            host.download(dc, got, 0, got.length);
            new CpuBackend(1).sgemm(false, false, m, n, k, 1.5f, a, 0, k, m * k, b, 0, n, k * n, 0f, want, 0, n,
                    m * n, batch);
            float[] bound = new float[want.length];
            new CpuBackend(1).sgemm(false, false, m, n, k, 1.5f, Parity.abs(a), 0, k, m * k, Parity.abs(b), 0, n,
                    k * n, 0f, bound, 0, n, m * n, batch);
            Parity.assertClose("sgemm over NaN, beta = 0, " + variant, want, got, bound, Parity.dotTolerance(k), 0,
                    got.length);
        });
    }

    /**
     * On register-blocked rows {@link ClGemm#multiply} reads A in place (sgemm_rows); the packed form
     * (pack_a, then sgemm_packed) must give the same bits, since every output is the same ordered fma
     * chain. 12 random cases: sizes 1, odd and past the tile (1-70), both transposes of A and B, batches
     * of 1-3 with per-batch or one shared A, alpha and beta not 1 and 0, values never zero.
     */
    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "PACKED_GPU_GROUPS", "ODD_TILE"})
    void readingAInPlaceGivesThePackedFormsBits(OpenClTests.Variant variant) throws Exception {
        withGemm(variant, (rt, gemm, scope) -> {
            Rng rng = new Rng(41);
            ClHost host = new ClHost(rt);
            for (int trial = 0; trial < 12; trial++) {
                // trials 0-2 have m, n, k = 1 in turn
                int m = trial == 0 ? 1 : 1 + rng.nextInt(70), n = trial == 1 ? 1 : 1 + rng.nextInt(70);
                int k = trial == 2 ? 1 : 1 + rng.nextInt(70);
                int batch = 1 + rng.nextInt(3);
                boolean ta = rng.nextInt(2) == 1, tb = rng.nextInt(2) == 1, sharedA = rng.nextInt(3) == 0;
                float alpha = 0.5f + rng.nextFloat(), beta = rng.nextInt(2) == 0 ? 0f : 0.25f + rng.nextFloat();
                float[] a = Parity.random(rng, m * k * (sharedA ? 1 : batch)), b = Parity.random(rng, k * n * batch);
                float[] c0 = Parity.random(rng, m * n * batch);
                ClMatrix da = view(host.upload(scope, a, 0, a.length), ta, m, k, sharedA ? 0 : m * k);
                ClMatrix db = view(host.upload(scope, b, 0, b.length), tb, k, n, k * n);
                ClBuffer inPlace = host.upload(scope, c0, 0, c0.length), packed = host.upload(scope, c0, 0, c0.length);
                gemm.multiply(scope, m, n, k, alpha, da, db, beta, ClMatrix.rowMajor(inPlace, 0, n, m * n), batch);
                ClBuffer ap = gemm.packA(scope, m, k, da, sharedA ? 1 : batch);
                gemm.multiplyPacked(m, n, k, alpha, ap, sharedA, gemm.packB(scope, k, n, db, batch), beta,
                        ClMatrix.rowMajor(packed, 0, n, m * n), batch, null, 0);
                float[] want = new float[c0.length], got = new float[c0.length];
                host.download(packed, want, 0, want.length);
                host.download(inPlace, got, 0, got.length);
                assertArrayEquals(want, got, "m=" + m + " n=" + n + " k=" + k + " batch=" + batch + " ta=" + ta
                        + " tb=" + tb + " sharedA=" + sharedA + " beta=" + beta + ", " + variant);
            }
        });
    }

    /**
     * {@link ClGemm#multiplyPackedByRowMajor} (a packed A times a row-major B): on register-blocked rows with n a
     * whole number of panels it reads B in place (sgemm_packed_brows), else it packs B; either way the bits of
     * pack_b + sgemm_packed, since each output is the same ordered fma chain. 12 random cases, n a multiple of TN
     * in most (1-3 panels) and not in the others, m and k from 1 past the tile, batches of 1-3, and a B whose rows
     * lie further apart than n (a column block of a wider matrix).
     */
    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "PACKED_GPU_GROUPS", "ODD_TILE"})
    void aRowMajorBReadInPlaceGivesThePackedBsBits(OpenClTests.Variant variant) throws Exception {
        withGemm(variant, (rt, gemm, scope) -> {
            Rng rng = new Rng(43);
            ClHost host = new ClHost(rt);
            for (int trial = 0; trial < 12; trial++) {
                int m = 1 + rng.nextInt(70), k = 1 + rng.nextInt(70), batch = 1 + rng.nextInt(3);
                int n = trial % 4 == 3 ? 1 + rng.nextInt(70) : gemm.tn() * (1 + rng.nextInt(3));
                int ldb = n + (trial % 3 == 2 ? 5 : 0);
                float[] a = Parity.random(rng, m * k * batch), b = Parity.random(rng, k * ldb * batch);
                ClMatrix da = ClMatrix.rowMajor(host.upload(scope, a, 0, a.length), 0, k, m * k);
                ClMatrix db = ClMatrix.rowMajor(host.upload(scope, b, 0, b.length), 0, ldb, k * ldb);
                ClBuffer ap = gemm.packA(scope, m, k, da, batch);
                ClBuffer viaRows = scope.buffer((long) m * n * batch), viaPacked = scope.buffer((long) m * n * batch);
                gemm.multiplyPackedByRowMajor(scope, m, n, k, ap, db, ClMatrix.rowMajor(viaRows, 0, n, m * n), batch);
                gemm.multiplyPacked(m, n, k, 1f, ap, false, gemm.packB(scope, k, n, db, batch), 0f,
                        ClMatrix.rowMajor(viaPacked, 0, n, m * n), batch, null, 0);
                float[] want = new float[m * n * batch], got = new float[m * n * batch];
                host.download(viaPacked, want, 0, want.length);
                host.download(viaRows, got, 0, got.length);
                assertArrayEquals(want, got, "m=" + m + " n=" + n + " k=" + k + " ldb=" + ldb + " batch=" + batch
                        + ", " + variant);
                float[] cpu = new float[want.length];
                new CpuBackend(1).sgemm(false, false, m, n, k, 1f, a, 0, k, m * k, b, 0, ldb, k * ldb, 0f, cpu, 0, n,
                        m * n, batch);
                Parity.assertClose("packed A x row-major B, " + variant, cpu, got,
                        boundOf(a, b, m, n, k, ldb, batch), Parity.dotTolerance(k), 0, got.length);
            }
        });
    }

    /** The product of |A| and |B| (the dot-product error bound's scale) for row-major A (m x k) and B (k x n, ldb). */
    private static float[] boundOf(float[] a, float[] b, int m, int n, int k, int ldb, int batch) {
        float[] bound = new float[m * n * batch];
        new CpuBackend(1).sgemm(false, false, m, n, k, 1f, Parity.abs(a), 0, k, m * k, Parity.abs(b), 0, ldb, k * ldb, 0f,
                bound, 0, n, m * n, batch);
        return bound;
    }

    /**
     * Above {@link ClGemm#PACKED_A_WORK} multiply-adds the register-blocked rows pack a transposed A (pack_a's
     * 16-step items on its transposed path, and on its element path for the last block of 61 rows and, as a k
     * of 16501 is no multiple of 16, the last item of each block) and read a row-major one in place at any
     * size; below the bound both are read in place. Both match the CPU backend.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void largeProductsPackOnlyATransposedAAndMatchTheCpu(boolean transA) throws Exception {
        ClBackend cl = OpenClTests.backend();
        int m = 61, n = 1070, k = 16501;
        Rng rng = new Rng(47);
        float[] a = Parity.random(rng, m * k), b = Parity.random(rng, k * n);
        float[] want = new float[m * n], got = new float[m * n], bound = new float[m * n];
        ClLaunches before = cl.launches();
        cl.sgemm(transA, false, m, 64, 64, 1f, a, 0, transA ? m : 64, 0, b, 0, 64, 0, 0f, got, 0, 64, 0, 1);
        ClLaunches small = cl.launches().since(before);
        assumeTrue(small.byKernel().containsKey("sgemm_rows"), "the device's row is not register-blocked: " + small);
        assertEquals(0L, small.byKernel().getOrDefault("pack_a", 0L), small.toString());

        int lda = transA ? m : k;
        before = cl.launches();
        cl.sgemm(transA, false, m, n, k, 1f, a, 0, lda, 0, b, 0, n, 0, 0f, got, 0, n, 0, 1);
        ClLaunches large = cl.launches().since(before);
        assertEquals(transA ? 1L : 0L, large.byKernel().getOrDefault("pack_a", 0L), large.toString());
        assertEquals(transA ? 0L : 1L, large.byKernel().getOrDefault("sgemm_rows", 0L), large.toString());
        CpuBackend cpu = new CpuBackend(2);
        cpu.sgemm(transA, false, m, n, k, 1f, a, 0, lda, 0, b, 0, n, 0, 0f, want, 0, n, 0, 1);
        cpu.sgemm(transA, false, m, n, k, 1f, Parity.abs(a), 0, lda, 0, Parity.abs(b), 0, n, 0, 0f, bound, 0, n, 0, 1);
        Parity.assertClose("sgemm m=61 n=1070 k=16501 transA=" + transA, want, got, bound, Parity.dotTolerance(k), 0,
                got.length);
    }

    /**
     * Register-blocked rows split a product of few blocks of rows and whole panels over a deep k along k (sgemm_split,
     * then sum_splits adding the chunks in order): a partial last chunk, alpha and beta not 1 and 0, beta = 0 over
     * NaN in C, the most rows and panels the route takes; each matches the CPU backend within the dot-product
     * tolerance and gives the same bits again. Just outside the bounds (k one short, n not whole panels, one block
     * too many, a transposed B) sgemm_rows runs. Tiled rows never split.
     */
    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "ODD_TILE", "GPU_ROW"})
    void deepProductsOfFewBlocksSplitAlongKAndMatchTheCpu(OpenClTests.Variant variant) throws Exception {
        withGemm(variant, (rt, gemm, scope) -> {
            int tn = gemm.tn(), tm = gemm.tm(), deep = ClGemm.SPLIT_MIN_K;
            ClMatrix a = ClMatrix.rowMajor(scope.buffer(1), 0, deep, 0);
            ClMatrix b = ClMatrix.rowMajor(scope.buffer(1), 0, tn, 0);
            if (!gemm.shifts()) {
                assertFalse(gemm.splitsK(8, tn, deep, a, b, 1), "tiled rows, " + variant);
                return;
            }
            assertFalse(gemm.splitsK(8, tn, deep - 1, a, b, 1), "k one short");
            assertFalse(gemm.splitsK(8, tn + 1, deep, a, ClMatrix.rowMajor(scope.buffer(1), 0, tn + 1, 0), 1),
                    "n not whole panels");
            assertFalse(gemm.splitsK(ClGemm.SPLIT_MAX_BLOCKS * tm + 1, tn, deep, a, b, 1), "one block too many");
            assertFalse(gemm.splitsK(8, tn, deep, a, new ClMatrix(b.buf(), 0, 1, deep, 0), 1), "B transposed");
            int[][] cases = {{37, 2 * tn, deep + 77, 0}, {ClGemm.SPLIT_MAX_BLOCKS * tm, ClGemm.SPLIT_MAX_PANELS * tn,
                    deep, 1}, {3, tn, deep + ClGemm.SPLIT_K + 1, 2}};
            ClHost host = new ClHost(rt);
            Rng rng = new Rng(53);
            for (int[] mnk : cases) {
                int m = mnk[0], n = mnk[1], k = mnk[2];
                float alpha = mnk[3] == 1 ? 1f : 0.75f, beta = mnk[3] == 0 ? 0f : -0.5f;
                float[] av = Parity.random(rng, m * k), bv = Parity.random(rng, k * n), c0 = Parity.random(rng, m * n);
                if (beta == 0f) {
                    java.util.Arrays.fill(c0, Float.NaN);
                }
                ClMatrix da = ClMatrix.rowMajor(host.upload(scope, av, 0, av.length), 0, k, 0);
                ClMatrix db = ClMatrix.rowMajor(host.upload(scope, bv, 0, bv.length), 0, n, 0);
                String what = "m=" + m + " n=" + n + " k=" + k + ", " + variant;
                assertTrue(gemm.splitsK(m, n, k, da, db, 1), what);
                float[][] got = new float[2][m * n];
                for (float[] out : got) {
                    ClBuffer dc = host.upload(scope, c0, 0, c0.length);
                    gemm.multiply(scope, m, n, k, alpha, da, db, beta, ClMatrix.rowMajor(dc, 0, n, 0), 1);
                    host.download(dc, out, 0, out.length);
                }
                assertArrayEquals(got[0], got[1], "the same bits again, " + what);
                float[] want = beta == 0f ? new float[m * n] : c0.clone();
                float[] bound = beta == 0f ? new float[m * n] : Parity.abs(c0);
                try (CpuBackend cpu = new CpuBackend(2)) {
                    cpu.sgemm(false, false, m, n, k, alpha, av, 0, k, 0, bv, 0, n, 0, beta, want, 0, n, 0, 1);
                    cpu.sgemm(false, false, m, n, k, Math.abs(alpha), Parity.abs(av), 0, k, 0, Parity.abs(bv), 0, n, 0,
                            Math.abs(beta), bound, 0, n, 0, 1);
                }
                Parity.assertClose("split sgemm " + what, want, got[0], bound, Parity.dotTolerance(k), 0, m * n);
            }
        });
    }

    /**
     * The GPU table row builds a ladder of tiles (128 x 128, 64 x 64, 16 x 64) and gives each product the
     * largest that yields as many work-groups as the device has compute units, else the smallest: three
     * square products sized from the unit count land on the three builds, and each matches the CPU.
     */
    @Test
    void theGpuRowGivesEachProductTheLargestTileThatFillsTheDevice() throws Exception {
        ClBackend cl = OpenClTests.backend(OpenClTests.Variant.GPU_ROW);
        int units;
        try (ClRuntime rt = ClRuntime.open()) {
            units = rt.computeUnits();
        }
        List<ClGemm> builds = cl.gemm().builds();
        assertEquals(List.of(1, 2, 8), builds.stream().map(g -> g.blocks(128)).toList(),
                "row blocks of 128 rows: tiles 128, 64 and 16 high");
        int side = (int) Math.ceil(Math.sqrt(units));
        Set<ClGemm> used = new HashSet<>();
        Rng rng = new Rng(53);
        CpuBackend cpu = new CpuBackend(1);
        for (int m : new int[] {128 * side, 64 * side, 8}) {
            ClGemm pick = cl.gemm().forShape(m, m, 1);
            used.add(pick);
            int at = builds.indexOf(pick);
            for (int i = 0; i < at; i++) {
                assertTrue(builds.get(i).groups(m, m, 1) < units, "m=" + m + ": a larger tile fills the device");
            }
            assertTrue(pick.groups(m, m, 1) >= units || at == builds.size() - 1, "m=" + m + ": tile too small");
            int k = 37;
            float[] a = Parity.random(rng, m * k), b = Parity.random(rng, k * m);
            float[] want = new float[m * m], got = new float[m * m], bound = new float[m * m];
            cl.sgemm(false, false, m, m, k, 1f, a, 0, k, 0, b, 0, m, 0, 0f, got, 0, m, 0, 1);
            cpu.sgemm(false, false, m, m, k, 1f, a, 0, k, 0, b, 0, m, 0, 0f, want, 0, m, 0, 1);
            cpu.sgemm(false, false, m, m, k, 1f, Parity.abs(a), 0, k, 0, Parity.abs(b), 0, m, 0, 0f, bound, 0, m, 0, 1);
            Parity.assertClose("sgemm m=n=" + m + " on tile " + at, want, got, bound, Parity.dotTolerance(k), 0,
                    got.length);
        }
        if (units >= 2) {
            assertEquals(3, used.size(), "three products, three tiles, " + units + " compute units");
        }
    }

    /**
     * Work-items take their blocks in panel groups (matmul.cl's grouped_tile) where packed B outgrows
     * PANEL_GROUP_FLOATS: built here with groups of 3 panels for a k = 40 product of 8 panels (groups of
     * 3, 3 and 2) and 3 batches, each GEMM form writes every block of a C filled with NaN, beta = 0, with
     * the bits of a build whose one group holds every panel (the plain order).
     */
    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "PACKED_GPU_GROUPS", "ODD_TILE"})
    void panelGroupsComputeEveryBlockOnceWithThePlainOrdersBits(OpenClTests.Variant variant) throws Exception {
        OpenClTests.requireOpenCl();
        int tn;
        try (ClRuntime rt = ClRuntime.open()) {
            tn = variant.tuning(rt).tn();
        }
        int k = 40, n = 8 * tn - 5, m = 23, batch = 3;
        Rng rng = new Rng(45);
        float[] a = Parity.random(rng, m * k * batch), b = Parity.random(rng, k * n * batch);
        float[][] plain = bothForms(variant, "-DPANEL_GROUP_FLOATS=" + (1 << 30), a, b, m, n, k, batch);
        float[][] grouped = bothForms(variant, "-DPANEL_GROUP_FLOATS=" + 3 * k * tn, a, b, m, n, k, batch);
        for (int form = 0; form < 2; form++) {
            for (float v : grouped[form]) {
                assertFalse(Float.isNaN(v), "a block left unwritten, form " + form);
            }
            assertArrayEquals(plain[form], grouped[form], "form " + form + ", " + variant);
        }
    }

    /** C = A x B by sgemm_rows and by sgemm_packed, each over a C of NaN with beta = 0, on a build with {@code options}. */
    private static float[][] bothForms(OpenClTests.Variant variant, String options, float[] a, float[] b, int m, int n,
                                       int k, int batch) throws Exception {
        float[][] out = new float[2][m * n * batch];
        withGemm(variant, options, (rt, gemm, scope) -> {
            ClHost host = new ClHost(rt);
            ClMatrix da = ClMatrix.rowMajor(host.upload(scope, a, 0, a.length), 0, k, m * k);
            ClMatrix db = ClMatrix.rowMajor(host.upload(scope, b, 0, b.length), 0, n, k * n);
            float[] nan = new float[m * n * batch];
            java.util.Arrays.fill(nan, Float.NaN);
            ClBuffer inPlace = host.upload(scope, nan, 0, nan.length), packed = host.upload(scope, nan, 0, nan.length);
            gemm.multiply(scope, m, n, k, 1f, da, db, 0f, ClMatrix.rowMajor(inPlace, 0, n, m * n), batch);
            gemm.multiplyPacked(m, n, k, 1f, gemm.packA(scope, m, k, da, batch), false, gemm.packB(scope, k, n, db, batch),
                    0f, ClMatrix.rowMajor(packed, 0, n, m * n), batch, null, 0);
            host.download(inPlace, out[0], 0, out[0].length);
            host.download(packed, out[1], 0, out[1].length);
        });
        return out;
    }

    private interface GemmCase {
        void run(ClRuntime rt, ClGemm gemm, ClScope scope) throws Exception;
    }

    /** Runs {@code body} with a ClGemm built from matmul.cl for {@code variant}'s tuning, then frees it all. */
    private static void withGemm(OpenClTests.Variant variant, GemmCase body) throws Exception {
        withGemm(variant, "", body);
    }

    /** {@link #withGemm} on a build with {@code extraOptions} after the tuning's. */
    private static void withGemm(OpenClTests.Variant variant, String extraOptions, GemmCase body) throws Exception {
        OpenClTests.requireOpenCl();
        ClRuntime rt = ClRuntime.open();
        ClTuning tuning = variant.tuning(rt);
        cl_program program = new ClProgramBuilder(rt).build("matmul.cl", ClProgramBuilder.resource("matmul.cl"),
                (tuning.options() + " " + extraOptions).trim());
        try (ClBufferPool pool = new ClBufferPool(rt.context(), 1L << 24);
             ClGemm gemm = new ClGemm(new ClLauncher(rt), tuning, program);
             ClScope scope = new ClScope(pool)) {
            body.run(rt, gemm, scope);
        } finally {
            clReleaseProgram(program);
            rt.close();
        }
    }

    /** A rows x cols matrix per batch, stored row-major (or, transposed, as its cols x rows transpose). */
    private static ClMatrix view(ClBuffer buf, boolean transposed, int rows, int cols, int batchStride) {
        return transposed ? new ClMatrix(buf, 0, 1, rows, batchStride) : new ClMatrix(buf, 0, cols, 1, batchStride);
    }
}
