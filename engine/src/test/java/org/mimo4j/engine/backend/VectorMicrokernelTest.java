package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The Vector API paths that end in a sum across lanes give the same bits interpreted and compiled: JDK 25's
 * C2 compiles {@code reduceLanes(ADD)} as a fold of the vector's halves while the interpreter adds lane after
 * lane, and a weight gradient's bits then depended on whether the JIT had got to its loop yet. And the ops of a
 * training step do not push the microkernel's compiled code into boxing its accumulators.
 */
class VectorMicrokernelTest {

    @Test
    void dotTilesAndSoftmaxSumsHaveTheSameBitsInterpretedAndCompiled() throws Exception {
        assumeTrue(Microkernels.vectorApiPresent(), "the JVM was started without jdk.incubator.vector");
        String interpreted = run("-Xint", "1");
        String compiled = run("-XX:-BackgroundCompilation", "20000");
        assertEquals(interpreted, compiled);
    }

    /**
     * A few steps of a small conv net through the ops (conv with bias, ReLU, pooling, a linear layer, cross-entropy,
     * backward) and of an attention block (tanh, sigmoid, attention, layer norm, GELU, exp, log-softmax, backward)
     * leave the compiled microkernel allocating nothing per call, as in a JVM that ran none of them. Any FloatVector
     * shape other than the preferred one used in the JVM makes the JIT's type profiles inside the Vector API see two
     * vector classes, and it then compiled {@link VectorMicrokernel#run} with its accumulators boxed: the bias
     * gradient's 128-bit vectors (PlaneSumSimd, removed in session 28) made it allocate 43-87 KB a call (kc = 64;
     * none without the steps) on AVX-512, and took the AV-Digits step to 4x its time in one JVM in three. -Xbatch
     * makes the JIT compile at the same calls every time, so each child is deterministic. Both children are checked:
     * until session 29 the warm-up gave AVX2 code's 6-row tile only one store mode at full height, and both children
     * allocated about 5 KB a call there (the measured calls deoptimised run() and ran interpreted for a while).
     */
    @Test
    void aTrainingStepsOpsLeaveTheMicrokernelAllocatingNothing() throws Exception {
        assumeTrue(Microkernels.vectorApiPresent(), "the JVM was started without jdk.incubator.vector");
        double without = bytesPerCall(0), with = bytesPerCall(20);
        assertTrue(without <= 64 && with <= 64,
                "bytes per microkernel call after 20 steps: " + with + ", without the steps: " + without);
    }

    /** The bytes a child JVM's microkernel allocates per call after {@code steps} training steps. */
    private static double bytesPerCall(int steps) throws Exception {
        List<String> options = List.of("--add-modules", "jdk.incubator.vector", "-Xbatch");
        String out = ChildJvm.run(StepsThenKernel.class, options, String.valueOf(steps)).trim();
        return Double.parseDouble(out.substring(out.lastIndexOf("bytes=") + "bytes=".length()));
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
            float[] a = spreadValues(rng, rows * len), b = spreadValues(rng, cols * len + nr);
            int[] starts = new int[cols];
            for (int j = 0; j < cols; j++) {
                starts[j] = j * len + j % 3;
            }
            float[] row = spreadValues(rng, 3 * nr + 5), logits = new float[3 * nr + 5];
            float[] out = new float[rows * cols + 2];
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
    }

    /**
     * Entry point of the child JVM: {@code args[0]} training steps of a small conv net on the default backend, the
     * microkernel warmed on tiles of every height, both edges and both store modes, then the bytes the thread
     * allocates per call over 10,000 calls on whole tiles.
     */
    static final class StepsThenKernel {
        public static void main(String[] args) {
            Rng rng = new Rng(5);
            Tensor x = Tensor.randn(rng, 8, 3, 16, 16);
            Tensor w = Tensor.randn(rng, 16, 3, 3, 3).requiresGrad(true);
            Tensor bias = Tensor.randn(rng, 16).requiresGrad(true);
            Tensor head = Tensor.randn(rng, 16 * 8 * 8, 10).requiresGrad(true);
            int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
            Tensor q = Tensor.randn(rng, 2, 4, 16, 8).requiresGrad(true);
            Tensor gamma = Tensor.randn(rng, 8).requiresGrad(true), beta = Tensor.randn(rng, 8).requiresGrad(true);
            for (int step = Integer.parseInt(args[0]); step > 0; step--) {
                Tensor h = F.maxPool2d(F.conv2d(x, w, bias, 1, 1, 1, 1).relu(), 2, 2, 0);
                F.crossEntropy(h.reshape(8, 16 * 8 * 8).matmul(head), labels).backward();
                Tensor a = F.layerNorm(F.attention(q, q.tanh(), q.sigmoid(), null), new int[] {8}, gamma, beta, 1e-5f);
                F.logSoftmax(a.gelu().add(a.exp()), 3).sum().backward();
            }
            Microkernel kernel = Microkernels.vector();
            int mr = kernel.mr(), nr = kernel.nr(), kc = 64;
            float[] a = spreadValues(rng, mr * kc), b = spreadValues(rng, nr * kc), c = new float[mr * nr];
            // Every height with both store modes and both edges: heights and modes stepped apart, since an odd
            // mr with i % 2 for the mode gave the full-height tile only one mode, the other became an uncommon trap
            // in C2's code, and the measured calls then ran interpreted until run() was compiled again.
            for (int i = 0; i < 20_000; i++) {
                kernel.run(kc, a, 0, b, 0, c, 0, nr, 1 + i % mr, (i / (2 * mr)) % 3 == 0 ? nr - 1 : nr,
                        (i / mr) % 2 == 0);
            }
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                kernel.run(kc, a, 0, b, 0, c, 0, nr, mr, nr, i % 2 == 0);
            }
            System.out.println("bytes=" + (threads.getCurrentThreadAllocatedBytes() - before) / 10_000.0);
        }
    }

    /** Values from 1e-4 to 1e4 in magnitude, both signs. */
    private static float[] spreadValues(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rng.nextDouble() - 0.5) * Math.pow(10, 8 * rng.nextDouble() - 4));
        }
        return v;
    }
}
