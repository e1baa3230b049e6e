package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
     * The vector kernel's tile has 8 rows with 512-bit vectors and 6 with narrower ones; a child JVM held
     * to AVX2 (on x86; the flag is ignored elsewhere) checks the rows this JVM does not run.
     */
    @Test
    void vectorKernelOnNarrowerVectorsMatchesReference() throws Exception {
        assumeTrue(Microkernels.vectorApiPresent(), "the JVM was started without jdk.incubator.vector");
        String out = run(NarrowVectorCheck.class, "--add-modules", "jdk.incubator.vector",
                "-XX:+IgnoreUnrecognizedVMOptions", "-XX:UseAVX=2");
        assumeTrue(!out.contains("512-bit"), "this JVM ignores -XX:UseAVX=2: " + out);
        assertTrue(out.contains("checked vector") && out.contains("tile 6x"), out);
    }

    /** Entry point of the child JVM above: the reference check on the vector kernel it gets. */
    static final class NarrowVectorCheck {
        public static void main(String[] args) {
            checkAgainstReference(Microkernels.vector());
            System.out.println("checked " + Microkernels.vector().describe());
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

    /** Runs {@code main} in a child JVM on this classpath with {@code options}; its output once it exited 0. */
    private static String run(Class<?> main, String... options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
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
