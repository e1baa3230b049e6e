package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/**
 * The two orientations of {@link Conv2dCpu#backwardWeightUnfolded}: dy unfold(x)^T as written, or its transpose
 * with the kernel taps as GEMM rows. Both must give the same bits (every element sees the same products
 * in the same order), on every microkernel and thread count, and the choice between them must follow
 * the cost estimate on the layers it was tuned for.
 */
class Conv2dCpuWeightGradientTest {

    @Test
    void bothOrientationsGiveTheSameBitsOnTheScalarKernel() {
        compareOrientations(new ScalarMicrokernel());
    }

    @Test
    void bothOrientationsGiveTheSameBitsOnTheVectorKernel() {
        assumeTrue(Microkernels.vectorApiPresent(), "the JVM was started without jdk.incubator.vector");
        compareOrientations(Microkernels.vector());
    }

    @Test
    void theSmallCnnLayersTakeTheTapsAsRowsAndTheLenetAndCifarLayersDoNot() {
        assertTrue(Conv2dCpu.tapsAsRows(1 * 3 * 3, 16, 6, 32), "conv 1 -> 16, 3x3");
        assertTrue(Conv2dCpu.tapsAsRows(16 * 3 * 3, 32, 6, 32), "conv 16 -> 32, 3x3");
        assertFalse(Conv2dCpu.tapsAsRows(1 * 5 * 5, 6, 6, 32), "LeNet conv 1 -> 6, 5x5");
        assertFalse(Conv2dCpu.tapsAsRows(6 * 5 * 5, 16, 6, 32), "LeNet conv 6 -> 16, 5x5");
        assertFalse(Conv2dCpu.tapsAsRows(3 * 3 * 3, 64, 6, 32), "CIFAR conv 3 -> 64, 3x3");
    }

    private static void compareOrientations(Microkernel kernel) {
        Rng rng = new Rng(31);
        Conv2dShape[] shapes = {
            Conv2dShape.of(9, 16, 7, 9, 32, 3, 1, 1, 1, 1),
            Conv2dShape.of(3, 1, 11, 13, 16, 3, 1, 1, 1, 1),
            Conv2dShape.of(5, 6, 8, 8, 9, 3, 2, 1, 1, 3),
            Conv2dShape.of(1, 3, 5, 7, 7, 5, 1, 2, 1, 1),
            new Conv2dShape(17, 4, 6, 5, 10, 2, 3, 1, 2, 1, 0, 2, 1, 2),
            Conv2dShape.of(2, 40, 19, 19, 13, 3, 1, 0, 1, 1),
        };
        for (Conv2dShape s : shapes) {
            float[] x = Arrays2.random(rng, s.inputSize()), dy = Arrays2.random(rng, s.outputSize());
            float[] first = null;
            for (int threads : new int[] {1, 2, 3, 5}) {
                for (boolean transposed : new boolean[] {false, true}) {
                    float[] dw = Arrays2.random(rng, s.weightSize());
                    try (WorkerPool pool = new WorkerPool(threads)) {
                        new Conv2dCpu(new SgemmCpu(kernel, pool), pool).backwardWeightUnfolded(s, x, dy, dw, transposed);
                    }
                    if (first == null) {
                        Arrays2.assertClose(s.toString(), ReferenceKernels.conv2dBackward(s, x, new float[s.weightSize()],
                                dy, false), dw, 1e-3);
                        first = dw;
                    } else {
                        assertArrayEquals(first, dw, s + ", " + threads + " threads, transposed=" + transposed);
                    }
                }
            }
        }
    }
}
