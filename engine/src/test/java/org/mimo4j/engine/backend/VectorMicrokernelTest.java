package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/**
 * The Vector API paths that end in a sum across lanes give the same bits interpreted and compiled: JDK 25's
 * C2 compiles {@code reduceLanes(ADD)} as a fold of the vector's halves while the interpreter adds lane after
 * lane, and a weight gradient's bits then depended on whether the JIT had got to its loop yet.
 */
class VectorMicrokernelTest {

    @Test
    void dotTilesAndSoftmaxSumsHaveTheSameBitsInterpretedAndCompiled() throws Exception {
        assumeTrue(Microkernels.vectorApiPresent(), "the JVM was started without jdk.incubator.vector");
        String interpreted = run("-Xint", "1");
        String compiled = run("-XX:-BackgroundCompilation", "20000");
        assertEquals(interpreted, compiled);
    }

    private static String run(String mode, String rounds) throws Exception {
        List<String> options = List.of("--add-modules", "jdk.incubator.vector", mode);
        return ChildJvm.bits(ChildJvm.run(LaneSums.class, options, rounds));
    }

    /**
     * Entry point of the child JVMs: dot tiles over several lengths and softmax's exp-sum and dot on rows whose
     * lanes differ by orders of magnitude (so the order of the lane sums shows), {@code args[0]} times, then a
     * hash of the last round's bits.
     */
    static final class LaneSums {
        public static void main(String[] args) {
            Microkernel kernel = Microkernels.vector();
            int nr = kernel.nr(), rows = kernel.dotRows(), cols = kernel.dotCols(), len = 4 * nr;
            Rng rng = new Rng(11);
            float[] a = spread(rng, rows * len), b = spread(rng, cols * len + nr);
            int[] starts = new int[cols];
            for (int j = 0; j < cols; j++) {
                starts[j] = j * len + j % 3;
            }
            float[] row = spread(rng, 3 * nr + 5), logits = new float[3 * nr + 5], out = new float[rows * cols + 2];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (10 * rng.nextDouble() - 8); // exp from 3e-4 to 7
            }
            for (int round = Integer.parseInt(args[0]); round > 0; round--) {
                kernel.dotTile(len, a, 0, len, b, 0, starts, 0, out, 0, cols);
                out[rows * cols] = SoftmaxRowsSimd.dot(row, 0, row, 1, row.length - 1);
                out[rows * cols + 1] = SoftmaxRowsSimd.expShifted(logits.clone(), 0, logits.length, 0f);
            }
            System.out.println("bits=" + Arrays.hashCode(out));
        }

        /** Values from 1e-4 to 1e4 in magnitude, both signs. */
        private static float[] spread(Rng rng, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) ((rng.nextDouble() - 0.5) * Math.pow(10, 8 * rng.nextDouble() - 4));
            }
            return v;
        }
    }
}
