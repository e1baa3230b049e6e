package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/**
 * {@link SgemmCpu} on each {@link Microkernel} separately (the backend only ever uses one), and the
 * choice between them.
 */
class SgemmCpuTest {

    @Test
    void scalarKernelMatchesReference() {
        checkAgainstReference(new ScalarMicrokernel());
    }

    @Test
    void vectorKernelMatchesReference() {
        assumeTrue(Microkernels.vectorApiPresent(), "the JVM was started without jdk.incubator.vector");
        checkAgainstReference(Microkernels.vector());
    }

    /**
     * The vector kernel's tile has 8 rows with 512-bit vectors and 5 or 6 with narrower ones; child JVMs
     * held to AVX2 (on x86; the flag is ignored elsewhere) check the narrower tiles, the JDK's default rows
     * and both settings of {@link VectorMicrokernel#ROWS_PROPERTY}, against the reference and against each
     * other: the rows of a tile must not change a single bit of a product or a convolution.
     */
    @Test
    void vectorKernelOnNarrowerVectorsMatchesReferenceWithTheSameBitsForFiveAndSixRows() throws Exception {
        assumeTrue(Microkernels.vectorApiPresent(), "the JVM was started without jdk.incubator.vector");
        String byDefault = narrowRun(null), five = narrowRun("5"), six = narrowRun("6");
        assumeTrue(!six.contains("512-bit"), "this JVM ignores -XX:UseAVX=2: " + six);
        assertTrue(byDefault.contains("tile " + VectorMicrokernel.narrowRows() + "x"), byDefault);
        assertTrue(five.contains("tile 5x") && six.contains("tile 6x"), five + six);
        assertEquals(ChildJvm.bits(five), ChildJvm.bits(six), "5 rows: " + five + "6 rows: " + six);
        assertEquals(ChildJvm.bits(six), ChildJvm.bits(byDefault), byDefault);
    }

    @Test
    void tileRowsOtherThanFiveOrSixAreAnErrorNamingTheOption() {
        assumeTrue(Microkernels.vectorApiPresent(), "the JVM was started without jdk.incubator.vector");
        System.setProperty(VectorMicrokernel.ROWS_PROPERTY, "7");
        try {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, VectorMicrokernel::narrowRows);
            assertTrue(e.getMessage().contains("mimo4j.cpu.tileRows must be 5 or 6, was '7'"), e.getMessage());
        } finally {
            System.clearProperty(VectorMicrokernel.ROWS_PROPERTY);
        }
    }

    private static String narrowRun(String rows) throws Exception {
        List<String> options = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector",
                "-XX:+IgnoreUnrecognizedVMOptions", "-XX:UseAVX=2"));
        if (rows != null) {
            options.add("-D" + VectorMicrokernel.ROWS_PROPERTY + "=" + rows);
        }
        String out = run(NarrowVectorCheck.class, options.toArray(String[]::new));
        assertTrue(out.contains("checked vector"), out);
        return out;
    }

    /**
     * Entry point of the child JVMs above: the reference check on the vector kernel it gets, then a hash of
     * the bits of products of several row tiles (both transposes, several depth blocks, edge tiles) and of
     * convolutions with 6, 16 and 32 channels (forward, backward-data, backward-weight) on a CpuBackend.
     */
    static final class NarrowVectorCheck {
        public static void main(String[] args) {
            Microkernel kernel = Microkernels.vector();
            checkAgainstReference(kernel);
            Rng rng = new Rng(43);
            int hash = 1;
            try (CpuBackend cpu = new CpuBackend(2, kernel)) {
                int[][] sizes = {{131, 45, 2 * SgemmCpu.KC + 7}, {97, 200, 33}, {6, 64, 300}, {31, 17, 5}};
                for (int[] mnk : sizes) {
                    int m = mnk[0], n = mnk[1], k = mnk[2];
                    for (int t = 0; t < 4; t++) {
                        boolean ta = (t & 1) == 1, tb = (t & 2) == 2;
                        float[] a = Arrays2.random(rng, m * k), b = Arrays2.random(rng, k * n);
                        float[] c = Arrays2.random(rng, m * n);
                        cpu.sgemm(ta, tb, m, n, k, 0.7f, a, 0, ta ? m : k, 0, b, 0, tb ? k : n, 0, -0.3f,
                                c, 0, n, 0, 1);
                        hash = 31 * hash + java.util.Arrays.hashCode(c);
                    }
                }
                Conv2dShape[] shapes = {Conv2dShape.of(4, 1, 28, 28, 6, 5, 1, 2, 1, 1),
                        Conv2dShape.of(4, 6, 14, 14, 16, 5, 1, 0, 1, 1),
                        Conv2dShape.of(4, 16, 14, 14, 32, 3, 1, 1, 1, 1),
                        Conv2dShape.of(3, 3, 9, 11, 7, 3, 2, 1, 1, 1)};
                for (Conv2dShape s : shapes) {
                    float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
                    float[] dy = Arrays2.random(rng, s.outputSize()), bias = Arrays2.random(rng, s.outChannels());
                    float[] y = new float[s.outputSize()], dx = new float[s.inputSize()];
                    float[] dw = new float[s.weightSize()];
                    cpu.conv2dForward(s, x, w, bias, y);
                    cpu.conv2dBackwardData(s, dy, w, dx);
                    cpu.conv2dBackwardWeight(s, x, dy, dw);
                    for (float[] out : new float[][] {y, dx, dw}) {
                        hash = 31 * hash + java.util.Arrays.hashCode(out);
                    }
                }
            }
            System.out.println("checked " + kernel.describe());
            System.out.println("bits=" + Integer.toHexString(hash));
        }
    }

    @Test
    void vectorKernelIsChosenWhenTheModuleIsPresent() {
        assumeTrue(Microkernels.vectorApiPresent(), "the JVM was started without jdk.incubator.vector");
        assertTrue(Microkernels.best().describe().startsWith("vector"), Microkernels.best().describe());
    }

    @Test
    void scalarKernelIsChosenWithoutTheModuleAndTheVectorClassIsNeverLoaded() throws Exception {
        String out = run(KernelProbe.class, "-verbose:class");
        assertTrue(out.contains("kernel=scalar"), out);
        assertTrue(!out.contains("VectorMicrokernel") && !out.contains("jdk.incubator.vector"), out);
    }

    /** Entry point of the child JVM above: prints which kernel this JVM would use. */
    static final class KernelProbe {
        public static void main(String[] args) throws IOException {
            System.out.println("kernel=" + Microkernels.best().describe());
        }
    }

    /**
     * With one block of rows, full panels of row-major B are read in place: the bits must be those of the
     * same product with B handed over transposed (which packs every panel), on both kernels, for several
     * depth blocks, a wider leading dimension, an offset, and a last panel that is packed.
     */
    @Test
    void rowMajorBReadInPlaceGivesTheBitsOfPackedB() {
        Rng rng = new Rng(42);
        for (Microkernel kernel : kernels()) {
            try (CpuBackend cpu = new CpuBackend(2, kernel)) {
                int nr = kernel.nr();
                for (int[] mnk : new int[][] {{64, 2 * nr, 64}, {7, nr, 2 * SgemmCpu.KC + 9}, {33, 3 * nr + 5, 40}}) {
                    int m = mnk[0], n = mnk[1], k = mnk[2], ldb = n + 3, off = 5;
                    float[] a = Arrays2.random(rng, m * k), b = Arrays2.random(rng, off + k * ldb), bt = new float[n * k];
                    for (int p = 0; p < k; p++) {
                        for (int j = 0; j < n; j++) {
                            bt[j * k + p] = b[off + p * ldb + j];
                        }
                    }
                    float[] inPlace = new float[m * n], packed = new float[m * n];
                    cpu.sgemm(false, false, m, n, k, 0.7f, a, 0, k, 0, b, off, ldb, 0, 0f, inPlace, 0, n, 0, 1);
                    cpu.sgemm(false, true, m, n, k, 0.7f, a, 0, k, 0, bt, 0, k, 0, 0f, packed, 0, n, 0, 1);
                    assertArrayEquals(packed, inPlace,
                            kernel.describe() + " m=" + m + " n=" + n + " k=" + k);
                }
            }
        }
    }

    /**
     * A tall product over a shallow k whose packed A fits in ONE_BLOCK_FLOATS runs as one block of rows (reading
     * row-major B in place); taller ones take blocks of the usual floats on 512-bit tiles (at most a quarter of the
     * rows, never fewer than the usual rows) and the usual rows on narrower ones. Products on both sides of that line,
     * over every transpose, match the reference and keep their bits for 1, 2 and 3 threads.
     */
    @Test
    void shallowProductsWithFewRowsRunAsOneBlockAndMatchTheReferenceOnAnyThreadCount() {
        Rng rng = new Rng(43);
        for (Microkernel kernel : kernels()) {
            int nr = kernel.nr();
            try (WorkerPool pool = new WorkerPool(1)) {
                SgemmCpu gemm = new SgemmCpu(kernel, pool);
                int usual = gemm.blockRows(1, SgemmCpu.KC);
                assertEquals(usual, gemm.blockRows(2 * usual, SgemmCpu.KC), "a deep product keeps its blocks");
                assertEquals(128, gemm.blockRows(128, 64), "128 rows over k = 64: one block");
                boolean wide = kernel.nr() >= 32;
                assertEquals(wide ? 1536 : usual, gemm.blockRows(12544, 64),
                        "12544 rows over k = 64: 512-bit tiles fill the deep block's floats");
                assertEquals(wide ? 256 : usual, gemm.blockRows(1024, 300), "at most a quarter of the rows");
                assertEquals(usual, gemm.blockRows(256, 256), "never fewer than the usual rows");
            }
            for (int[] mnk : new int[][] {{300, 3 * nr + 5, 40}, {130, 200, 64}, {97, nr, 1}, {250, 2 * nr, 129},
                    {1000, 2 * nr + 3, 50}}) {
                int m = mnk[0], n = mnk[1], k = mnk[2];
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) == 1, tb = (t & 2) == 2;
                    int lda = ta ? m : k, ldb = tb ? k : n;
                    float[] a = Arrays2.random(rng, m * k), b = Arrays2.random(rng, k * n);
                    float[] c0 = Arrays2.random(rng, m * n);
                    double[] expected = ReferenceKernels.sgemm(ta, tb, m, n, k, 0.7, a, 0, lda, 0, b, 0, ldb, 0,
                            -0.3, c0, 0, n, 0, 1);
                    float[] first = null;
                    for (int threads : new int[] {1, 2, 3}) {
                        float[] c = product(kernel, threads, ta, tb, m, n, k, a, b, -0.3f, c0);
                        String what = kernel.describe() + " m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb;
                        Arrays2.assertClose(what, expected, c, 1e-5 * k);
                        if (first == null) {
                            first = c;
                        } else {
                            assertArrayEquals(first, c, what + " threads=" + threads);
                        }
                    }
                }
            }
        }
    }

    /**
     * Blocks of rows evened out over the threads: whole tiles, never more rows than the unbalanced block (it is
     * sized for L2), and with the blocks dealt out in turn no thread gets more than the mean plus one tile per
     * block it holds; 512 rows on 2 threads, 5 blocks of 96 and one of 32 before, now miss the mean by at most
     * that. One thread, and products of a single block, keep their blocks.
     */
    @Test
    void blocksOfRowsAreEvenedOutOverTheThreads() {
        for (Microkernel kernel : kernels()) {
            int mr = kernel.mr();
            try (WorkerPool pool = new WorkerPool(1)) {
                SgemmCpu gemm = new SgemmCpu(kernel, pool);
                int usual = gemm.blockRows(1, SgemmCpu.KC);
                for (int m : new int[] {usual + 1, 250, 512, 1000, 1024, 2048, 12544}) {
                    assertEquals(usual, gemm.blockRows(m, SgemmCpu.KC, 1), "one thread, m=" + m);
                    for (int threads = 2; threads <= 4; threads++) {
                        int rows = gemm.blockRows(m, SgemmCpu.KC, threads), blocks = (m + rows - 1) / rows;
                        String what = kernel.describe() + " m=" + m + " threads=" + threads;
                        assertEquals(0, rows % mr, what);
                        assertTrue(rows <= usual, what);
                        int turns = (blocks + threads - 1) / threads;
                        double mostLoaded = Math.min(m, (double) turns * rows);
                        assertTrue(mostLoaded <= (double) m / threads + turns * mr, what + ": " + mostLoaded);
                    }
                }
                assertEquals(128, gemm.blockRows(128, 64, 2), "a single block of rows stays one block");
            }
        }
    }

    /**
     * Products of several blocks of rows over several k blocks give each row of C the bits it gets in a product
     * of only 40 rows (one block of rows, B read in place or packed per panel): every path adds one block of KC
     * after another onto C. Checked for both transposes, beta 0 and -0.3, 1-3 threads, edge tiles, and against
     * the reference.
     */
    @Test
    void deepProductsOfManyRowsHaveTheBitsOfSmallerOnes() {
        Rng rng = new Rng(47);
        for (Microkernel kernel : kernels()) {
            int nr = kernel.nr();
            for (int[] mnk : new int[][] {{200, 3 * nr + 5, 2 * SgemmCpu.KC + 37}, {97, nr, 2 * SgemmCpu.KC},
                    {150, 2 * nr + 1, SgemmCpu.KC - 1}}) {
                int m = mnk[0], n = mnk[1], k = mnk[2];
                for (int t = 0; t < 8; t++) {
                    boolean ta = (t & 1) == 1, tb = (t & 2) == 2;
                    float beta = (t & 4) == 4 ? 0f : -0.3f;
                    int lda = ta ? m : k, ldb = tb ? k : n;
                    float[] a = Arrays2.random(rng, m * k), b = Arrays2.random(rng, k * n);
                    float[] c0 = Arrays2.random(rng, m * n);
                    String what = kernel.describe() + " m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb
                            + " beta=" + beta;
                    float[] bySlices = c0.clone();
                    try (CpuBackend cpu = new CpuBackend(1, kernel)) {
                        for (int i0 = 0; i0 < m; i0 += 40) {
                            int rows = Math.min(40, m - i0);
                            cpu.sgemm(ta, tb, rows, n, k, 0.7f, a, ta ? i0 : i0 * k, lda, 0, b, 0, ldb, 0, beta,
                                    bySlices, i0 * n, n, 0, 1);
                        }
                    }
                    Arrays2.assertClose(what, ReferenceKernels.sgemm(ta, tb, m, n, k, 0.7, a, 0, lda, 0, b, 0, ldb,
                            0, beta, c0, 0, n, 0, 1), bySlices, 1e-5 * k);
                    for (int threads : new int[] {1, 2, 3}) {
                        assertArrayEquals(bySlices, product(kernel, threads, ta, tb, m, n, k, a, b, beta, c0),
                                what + " threads=" + threads);
                    }
                }
            }
        }
    }

    /**
     * A single block of rows over a narrow B at least 4096 deep sums its blocks of k apart, in parallel, and adds the
     * sums onto C afterwards: each row must get the bits it gets inside a product of several blocks of rows, which
     * adds each block's sum onto C as it goes. Slices of 40 rows against 200 rows, for beta 0, 1 and -0.3, both
     * transposes, a partial last panel and k block, 1-3 threads; and against the reference.
     */
    @Test
    void blocksOfKSummedApartAddOntoCAsProductsOfManyRowsDo() {
        Rng rng = new Rng(49);
        for (Microkernel kernel : kernels()) {
            int m = 200, n = kernel.nr() + 5, k = 4096 + 37;
            for (int t = 0; t < 6; t++) {
                boolean ta = (t & 1) == 1, tb = t % 4 >= 2;
                float beta = t < 2 ? 0f : t < 4 ? 1f : -0.3f;
                int lda = ta ? m : k, ldb = tb ? k : n;
                float[] a = Arrays2.random(rng, m * k), b = Arrays2.random(rng, k * n), c0 = Arrays2.random(rng, m * n);
                String what = kernel.describe() + " ta=" + ta + " tb=" + tb + " beta=" + beta;
                float[] whole = product(kernel, 2, ta, tb, m, n, k, a, b, beta, c0);
                Arrays2.assertClose(what, ReferenceKernels.sgemm(ta, tb, m, n, k, 0.7, a, 0, lda, 0, b, 0, ldb, 0,
                        beta, c0, 0, n, 0, 1), whole, 1e-5 * k);
                for (int threads : new int[] {1, 2, 3}) {
                    float[] bySlices = c0.clone();
                    try (CpuBackend cpu = new CpuBackend(threads, kernel)) {
                        for (int i0 = 0; i0 < m; i0 += 40) {
                            cpu.sgemm(ta, tb, 40, n, k, 0.7f, a, ta ? i0 : i0 * k, lda, 0, b, 0, ldb, 0, beta,
                                    bySlices, i0 * n, n, 0, 1);
                        }
                    }
                    assertArrayEquals(whole, bySlices, what + " threads=" + threads);
                }
            }
        }
    }

    /**
     * A single block of rows over a narrow, deep row-major B packs each k block's rows of B, row by row, instead of
     * reading them in place: the bits must be those of the same product with B handed over transposed (which packs
     * every panel), for 1, 2 and 3 threads, with a partial last panel and a partial last k block; and a B just
     * shallower than that, read in place, the same as its transposed twin too.
     */
    @Test
    void narrowDeepRowMajorBGivesTheBitsOfTransposedB() {
        Rng rng = new Rng(45);
        for (Microkernel kernel : kernels()) {
            int nr = kernel.nr();
            for (int[] mnk : new int[][] {{13, 3 * nr + 5, 4096 + 37}, {7, 2 * nr, 4095}, {64, 8 * nr, 4096}}) {
                int m = mnk[0], n = mnk[1], k = mnk[2];
                float[] a = Arrays2.random(rng, m * k), b = Arrays2.random(rng, k * n), bt = new float[n * k];
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < n; j++) {
                        bt[j * k + p] = b[p * n + j];
                    }
                }
                for (int threads : new int[] {1, 2, 3}) {
                    float[] rowMajor = new float[m * n], transposed = new float[m * n];
                    try (CpuBackend cpu = new CpuBackend(threads, kernel)) {
                        cpu.sgemm(false, false, m, n, k, 0.7f, a, 0, k, 0, b, 0, n, 0, 0f, rowMajor, 0, n, 0, 1);
                        cpu.sgemm(false, true, m, n, k, 0.7f, a, 0, k, 0, bt, 0, k, 0, 0f, transposed, 0, n, 0, 1);
                    }
                    assertArrayEquals(transposed, rowMajor,
                            kernel.describe() + " m=" + m + " n=" + n + " k=" + k + " threads=" + threads);
                }
            }
        }
    }

    /** C0 (copied) := 0.7 op(A) op(B) + beta C0 on a backend of {@code threads} threads over {@code kernel}. */
    private static float[] product(Microkernel kernel, int threads, boolean ta, boolean tb, int m, int n, int k,
                                   float[] a, float[] b, float beta, float[] c0) {
        float[] c = c0.clone();
        try (CpuBackend cpu = new CpuBackend(threads, kernel)) {
            cpu.sgemm(ta, tb, m, n, k, 0.7f, a, 0, ta ? m : k, 0, b, 0, tb ? k : n, 0, beta, c, 0, n, 0, 1);
        }
        return c;
    }

    /** Runs {@code main} in a child JVM on this classpath with {@code options}; its output once it exited 0. */
    private static String run(Class<?> main, String... options) throws Exception {
        return ChildJvm.run(main, List.of(options));
    }

    private static List<Microkernel> kernels() {
        return Microkernels.vectorApiPresent() ? List.of(new ScalarMicrokernel(), Microkernels.vector())
                : List.of(new ScalarMicrokernel());
    }

    private static void checkAgainstReference(Microkernel kernel) {
        Rng rng = new Rng(41);
        try (CpuBackend cpu = new CpuBackend(2, kernel)) {
            for (int trial = 0; trial < 25; trial++) {
                boolean ta = rng.nextInt(2) == 1, tb = rng.nextInt(2) == 1;
                int m = 1 + rng.nextInt(kernel.mr() * 3 + 2), n = 1 + rng.nextInt(kernel.nr() * 3 + 2);
                int k = 1 + rng.nextInt(trial < 3 ? 2 * SgemmCpu.KC + 10 : 50);
                float[] a = Arrays2.random(rng, m * k), b = Arrays2.random(rng, k * n), c = Arrays2.random(rng, m * n);
                int lda = ta ? m : k, ldb = tb ? k : n;
                double[] expected = ReferenceKernels.sgemm(ta, tb, m, n, k, 0.7, a, 0, lda, 0, b, 0, ldb, 0,
                        -0.3, c, 0, n, 0, 1);
                cpu.sgemm(ta, tb, m, n, k, 0.7f, a, 0, lda, 0, b, 0, ldb, 0, -0.3f, c, 0, n, 0, 1);
                Arrays2.assertClose(kernel.describe() + " m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb,
                        expected, c, 1e-5 * k);
            }
        }
    }
}
