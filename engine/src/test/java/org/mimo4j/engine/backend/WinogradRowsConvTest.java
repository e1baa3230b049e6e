package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/**
 * {@link WinogradRowsConv}: forward, backward-data and the weight gradient against the double-precision reference
 * on both microkernels, over 3-row kernels of every width up to 5, paddings 0 to 2, odd and even heights (an odd
 * one leaves the last pair half used), channel counts that do and do not fill the panels, one image or several
 * stacked; the same bits for any thread count;
 * a NaN reaching only the outputs it feeds; the layers it takes.
 */
class WinogradRowsConvTest extends OnBothMicrokernels {

    static List<Conv2dShape> shapes() {
        List<Conv2dShape> shapes = new ArrayList<>(List.of(
                Conv2dShape.of(3, 16, 14, 14, 32, 3, 1, 1, 1, 1), // the small CNN's second layer
                Conv2dShape.of(2, 8, 7, 9, 8, 3, 1, 1, 1, 1), // odd height: the last pair has one row
                Conv2dShape.of(1, 9, 3, 3, 13, 3, 1, 0, 1, 1), // one output row
                Conv2dShape.of(5, 12, 5, 6, 17, 3, 1, 2, 1, 1), // padding 2, five images stacked
                new Conv2dShape(2, 10, 6, 11, 9, 3, 1, 1, 1, 1, 0, 1, 1, 1), // 3 x 1
                new Conv2dShape(3, 8, 9, 8, 8, 3, 5, 1, 1, 0, 2, 1, 1, 1), // 3 x 5
                Conv2dShape.of(1, 350, 6, 6, 9, 3, 1, 1, 1, 1))); // 1050 taps: two depth blocks of SgemmCpu.KC
        Rng rng = new Rng(71);
        for (int i = 0; i < 10; i++) {
            int kw = 1 + rng.nextInt(4), h = 1 + rng.nextInt(10), w = kw + rng.nextInt(9);
            shapes.add(new Conv2dShape(1 + rng.nextInt(4), 8 + rng.nextInt(12), h + 2, w, 8 + rng.nextInt(20), 3, kw,
                    1, 1, rng.nextInt(3), rng.nextInt(kw), 1, 1, 1));
        }
        return shapes;
    }

    @Override
    void matchesReference(Microkernel kernel) {
        Rng rng = new Rng(72);
        try (WorkerPool pool = new WorkerPool(2)) {
            WinogradRowsConv conv = new WinogradRowsConv(kernel, pool);
            for (Conv2dShape s : shapes()) {
                assertTrue(WinogradRowsConv.forwardApplies(s, 8) && WinogradRowsConv.backwardDataApplies(s, 8), s.toString());
                float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
                float[] bias = Arrays2.random(rng, s.outChannels()), dy = Arrays2.random(rng, s.outputSize());
                float[] y = Arrays2.random(rng, s.outputSize()), dx = Arrays2.random(rng, s.inputSize());
                conv.forward(s, x, w, bias, y);
                Arrays2.assertClose("forward " + s, ReferenceKernels.conv2dForward(s, x, w, bias), y, sumTolerance(s));
                conv.backwardData(s, dy, w, dx);
                Arrays2.assertClose("backwardData " + s, ReferenceKernels.conv2dBackward(s, x, w, dy, true), dx,
                        sumTolerance(s));
                float[] dw = Arrays2.random(rng, s.weightSize());
                conv.weightGradient(s, x, dy, 0, s.n(), dw);
                Arrays2.assertClose("weightGradient " + s, ReferenceKernels.conv2dBackward(s, x, w, dy, false), dw,
                        weightGradientTolerance(s));
            }
        }
    }

    /**
     * An output (or input gradient) sums inChannels x 9 products of values in [-1, 1): 1e-5 up to 900 of them,
     * beyond that in proportion, since both the sums' scale and their float error grow with its square root
     * (the 350-channel layer, 3150 products, was off by 2.1e-5 of its scale on both kernels).
     */
    private static double sumTolerance(Conv2dShape s) {
        double terms = (double) Math.max(s.inChannels(), s.outChannels()) * s.kernelH() * s.kernelW();
        return 1e-5 * Math.max(1, terms / 900);
    }

    /**
     * A weight gradient sums n x outH x outW products, of values in [-1, 1): its float error grows with their
     * square root, and an element near zero is compared against the scale of the sums, not its own.
     */
    private static double weightGradientTolerance(Conv2dShape s) {
        return 1e-6 * Math.sqrt((double) s.n() * s.outH() * s.outW());
    }

    @Test
    void givesTheSameBitsForAnyThreadCount() {
        Rng rng = new Rng(73);
        Conv2dShape s = Conv2dShape.of(11, 9, 13, 12, 16, 3, 1, 1, 1, 1);
        float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
        float[] bias = Arrays2.random(rng, s.outChannels()), dy = Arrays2.random(rng, s.outputSize());
        float[][] first = null;
        for (int threads : new int[] {1, 2, 3, 8}) {
            float[][] got = {new float[s.outputSize()], new float[s.inputSize()]};
            try (WorkerPool pool = new WorkerPool(threads)) {
                WinogradRowsConv conv = new WinogradRowsConv(Microkernels.best(), pool);
                conv.forward(s, x, w, bias, got[0]);
                conv.backwardData(s, dy, w, got[1]);
            }
            if (first == null) {
                first = got;
            } else {
                assertArrayEquals(first[0], got[0], "forward, " + threads + " threads");
                assertArrayEquals(first[1], got[1], "backwardData, " + threads + " threads");
            }
        }
    }

    /** Through the CPU backend, whose weight gradient sums chunks of images on whichever threads are free. */
    @Test
    void theBackendsWeightGradientHasTheSameBitsForAnyThreadCount() {
        Rng rng = new Rng(76);
        Conv2dShape s = Conv2dShape.of(19, 16, 9, 10, 32, 3, 1, 1, 1, 1);
        assertTrue(WinogradRowsConv.weightGradientApplies(s, Microkernels.best().nr()), s.toString());
        float[] x = Arrays2.random(rng, s.inputSize()), dy = Arrays2.random(rng, s.outputSize());
        float[] first = null;
        for (int threads : new int[] {1, 2, 3, 8}) {
            float[] dw = Arrays2.random(rng, s.weightSize());
            try (CpuBackend cpu = new CpuBackend(threads)) {
                cpu.conv2dBackwardWeight(s, x, dy, dw);
            }
            if (first == null) {
                Arrays2.assertClose(s.toString(), ReferenceKernels.conv2dBackward(s, x, null, dy, false), dw,
                        weightGradientTolerance(s));
                first = dw;
            } else {
                assertArrayEquals(first, dw, threads + " threads");
            }
        }
    }

    /** The weight gradient's planes e + o and e - o: the scalar loop (a JVM without the Vector API) and the vector one. */
    @Test
    void theGradientPlanesAreTheSameScalarOrVector() {
        int size = 37; // not a whole number of vectors: the vector path's tail runs through the scalar loop
        float[] scalar = Arrays2.random(new Rng(77), 4 * size), given = scalar.clone();
        WinogradRowsConv.sumAndDifference(scalar, size, 0);
        for (int i = 0; i < size; i++) {
            assertEquals(given[i] + given[3 * size + i], scalar[size + i]);
            assertEquals(given[i] - given[3 * size + i], scalar[2 * size + i]);
        }
        assumeTrue(WinogradRowsConv.SIMD, "the JVM was started without jdk.incubator.vector");
        float[] vector = given.clone();
        WinogradRowsSimd.sumAndDifference(vector, size);
        assertArrayEquals(scalar, vector);
    }

    @Test
    void aNaNInputReachesOnlyTheOutputsItFeeds() {
        Conv2dShape s = Conv2dShape.of(2, 8, 8, 8, 8, 3, 1, 0, 1, 1);
        float[] x = Arrays2.random(new Rng(74), s.inputSize()), w = Arrays2.random(new Rng(75), s.weightSize());
        int row = 3, col = 4; // image 1, channel 5: feeds output rows 1 to 3 (two pairs), columns 2 to 4
        x[((8 + 5) * 8 + row) * 8 + col] = Float.NaN;
        float[] y = new float[s.outputSize()];
        try (WorkerPool pool = new WorkerPool(1)) {
            new WinogradRowsConv(Microkernels.best(), pool).forward(s, x, w, null, y);
        }
        for (int i = 0; i < y.length; i++) {
            int n = i / (8 * 36), oy = i / 6 % 6, ox = i % 6;
            boolean fed = n == 1 && oy >= row - 2 && oy <= row && ox >= col - 2 && ox <= col;
            assertEquals(fed, Float.isNaN(y[i]), "output " + i);
        }
    }

    @Test
    void takesStrideOneUngroupedThreeRowLayersWithEnoughChannels() {
        assertTrue(WinogradRowsConv.forwardApplies(Conv2dShape.of(32, 16, 14, 14, 32, 3, 1, 1, 1, 1), 8));
        assertFalse(WinogradRowsConv.forwardApplies(Conv2dShape.of(32, 3, 32, 32, 64, 3, 1, 1, 1, 1), 8), "3 channels in");
        assertFalse(WinogradRowsConv.backwardDataApplies(Conv2dShape.of(32, 3, 32, 32, 64, 3, 1, 1, 1, 1), 8),
                "3 rows of 8");
        assertTrue(WinogradRowsConv.backwardDataApplies(Conv2dShape.of(32, 3, 32, 32, 64, 3, 1, 1, 1, 1), 6), "3 of 6");
        assertFalse(WinogradRowsConv.forwardApplies(Conv2dShape.of(32, 16, 14, 14, 3, 3, 1, 1, 1, 1), 8), "3 rows of 8");
        assertFalse(WinogradRowsConv.forwardApplies(Conv2dShape.of(32, 6, 14, 14, 16, 5, 1, 0, 1, 1), 8), "5 rows");
        assertFalse(WinogradRowsConv.forwardApplies(Conv2dShape.of(2, 16, 14, 14, 32, 3, 2, 1, 1, 1), 8), "stride 2");
        assertFalse(WinogradRowsConv.forwardApplies(Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 2, 2, 1), 8), "dilation 2");
        assertFalse(WinogradRowsConv.forwardApplies(Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 1, 1, 4), 8), "4 groups");
        assertFalse(WinogradRowsConv.backwardDataApplies(Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 3, 1, 1), 8), "padding 3");
        assertTrue(WinogradRowsConv.weightGradientApplies(Conv2dShape.of(32, 16, 14, 14, 32, 3, 1, 1, 1, 1), 16));
        assertFalse(WinogradRowsConv.weightGradientApplies(Conv2dShape.of(32, 8, 14, 14, 32, 3, 1, 1, 1, 1), 16),
                "72 taps: the dot products' layers");
        assertFalse(WinogradRowsConv.weightGradientApplies(Conv2dShape.of(32, 16, 14, 14, 8, 3, 1, 1, 1, 1), 16),
                "8 channels out of a 16-wide panel");
        assertFalse(WinogradRowsConv.weightGradientApplies(Conv2dShape.of(32, 16, 14, 14, 128, 3, 1, 1, 1, 1), 16),
                "more output channels than the grid's weight gradient takes");
        assertFalse(WinogradRowsConv.weightGradientApplies(Conv2dShape.of(32, 16, 14, 14, 32, 5, 1, 2, 1, 1), 16), "5 rows");
    }
}
