package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/**
 * {@link PaddedGridConv}: stride-1 convolution on the padded grid against the reference kernels, on
 * both microkernels (the forward with channels down the tile's rows; across its lanes: {@link ChannelLanesConvTest}); the same bits for any thread count; the forward the same bits as the im2col GEMM;
 * and the layers it takes.
 */
class PaddedGridConvTest extends OnBothMicrokernels {

    /** Stride-1 shapes: 1x1 to 5x5 kernels, rectangular ones, padding 0 to k - 1, sizes 1 and odd, one image or many. */
    static List<Conv2dShape> shapes() {
        List<Conv2dShape> shapes = new ArrayList<>(List.of(
                Conv2dShape.of(3, 6, 14, 14, 16, 5, 1, 0, 1, 1),
                Conv2dShape.of(2, 1, 28, 28, 16, 3, 1, 1, 1, 1),
                Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 1, 1, 1),
                Conv2dShape.of(1, 3, 9, 7, 13, 3, 1, 2, 1, 1),
                Conv2dShape.of(2, 5, 1, 1, 7, 1, 1, 0, 1, 1),
                Conv2dShape.of(1, 4, 3, 3, 5, 3, 1, 1, 1, 1),
                new Conv2dShape(3, 7, 6, 11, 9, 2, 4, 1, 1, 1, 3, 1, 1, 1),
                Conv2dShape.of(2, 30, 6, 5, 11, 3, 1, 1, 1, 1),
                Conv2dShape.of(7, 3, 5, 6, 5, 3, 1, 1, 1, 1), // seven 7x8 grids stacked in one
                Conv2dShape.of(11, 2, 4, 4, 3, 2, 1, 1, 1, 1)));
        Rng rng = new Rng(61);
        for (int i = 0; i < 12; i++) {
            int kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4);
            int h = kh + rng.nextInt(9), w = kw + rng.nextInt(9);
            shapes.add(new Conv2dShape(1 + rng.nextInt(3), 1 + rng.nextInt(12), h, w, 1 + rng.nextInt(20), kh, kw,
                    1, 1, rng.nextInt(kh), rng.nextInt(kw), 1, 1, 1));
        }
        return shapes;
    }

    @Override
    void matchesReference(Microkernel kernel) {
        Rng rng = new Rng(62);
        try (WorkerPool pool = new WorkerPool(2)) {
            PaddedGridConv conv = new PaddedGridConv(kernel, pool);
            for (Conv2dShape s : shapes()) {
                float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
                float[] bias = Arrays2.random(rng, s.outChannels()), dy = Arrays2.random(rng, s.outputSize());
                float[] y = Arrays2.random(rng, s.outputSize()), dx = Arrays2.random(rng, s.inputSize());
                conv.forwardOnRows(s, x, w, bias, y); // the other layout: ChannelLanesConvTest
                Arrays2.assertClose("forward " + s, ReferenceKernels.conv2dForward(s, x, w, bias), y, 1e-4);
                if (s.padH() < s.kernelH() && s.padW() < s.kernelW()) {
                    conv.backwardData(s, dy, w, dx);
                    Arrays2.assertClose("backwardData " + s, ReferenceKernels.conv2dBackward(s, x, w, dy, true), dx, 1e-4);
                }
                double[] expected = ReferenceKernels.conv2dBackward(s, x, w, dy, false);
                Arrays2.assertClose("backwardWeight " + s, expected, weightGradient(conv, s, x, dy), 1e-3);
                float[] dw = Arrays2.random(rng, s.weightSize());
                conv.weightGradientAsDots(s, x, dy, 0, s.n(), dw);
                Arrays2.assertClose("backwardWeight as dots " + s, expected, dw, 1e-3);
                dw = Arrays2.random(rng, s.weightSize());
                conv.weightGradientOnTapRows(s, x, dy, 0, s.n(), dw);
                Arrays2.assertClose("backwardWeight on tap rows " + s, expected, dw, 1e-3);
            }
        }
    }

    /** {@link PaddedGridConv#weightGradient} over all images at once (stacked as far as it stacks them). */
    private static float[] weightGradient(PaddedGridConv conv, Conv2dShape s, float[] x, float[] dy) {
        float[] dw = Arrays2.random(new Rng(63), s.weightSize());
        conv.weightGradient(s, x, dy, 0, s.n(), dw);
        return dw;
    }

    @Test
    void stacksSmallImagesForTheWeightGradientUpToTheDotLength() {
        assertEquals(4, PaddedGridConv.stack(Conv2dShape.of(32, 16, 14, 14, 32, 3, 1, 1, 1, 1), 4), "16x16 grids, 4 images");
        assertEquals(3, PaddedGridConv.stack(Conv2dShape.of(32, 16, 14, 14, 32, 3, 1, 1, 1, 1), 3), "at most the count");
        assertEquals(2, PaddedGridConv.stack(Conv2dShape.of(32, 1, 28, 28, 16, 3, 1, 1, 1, 1), 4), "30x30 grids");
        assertEquals(1, PaddedGridConv.stack(Conv2dShape.of(32, 6, 56, 56, 16, 5, 1, 0, 1, 1), 4), "56x56 grids");
        assertEquals(10, PaddedGridConv.stack(Conv2dShape.of(32, 6, 14, 14, 16, 5, 1, 0, 1, 1), 12), "14x14 grids");
    }

    @Test
    void splitsTheWeightGradientIntoChunksOfWholeStacks() {
        assertEquals(4, PaddedGridConv.chunks(Conv2dShape.of(32, 16, 14, 14, 32, 3, 1, 1, 1, 1), 8), "8 images each");
        assertEquals(4, PaddedGridConv.chunks(Conv2dShape.of(32, 6, 14, 14, 16, 5, 1, 0, 1, 1), 8), "10 a stack");
        assertEquals(8, PaddedGridConv.chunks(Conv2dShape.of(32, 6, 56, 56, 16, 5, 1, 0, 1, 1), 8), "at most 8");
        assertEquals(1, PaddedGridConv.chunks(Conv2dShape.of(3, 16, 14, 14, 32, 3, 1, 1, 1, 1), 8), "one stack");
    }

    @Test
    void runsTheWeightGradientOnTapRowsForManyTapsAndAPanelOfChannels() {
        assertTrue(PaddedGridConv.tapRowsPay(Conv2dShape.of(32, 16, 14, 14, 32, 3, 1, 1, 1, 1), 16), "144 taps");
        assertTrue(PaddedGridConv.tapRowsPay(Conv2dShape.of(32, 6, 14, 14, 16, 5, 1, 0, 1, 1), 16), "150 taps");
        assertFalse(PaddedGridConv.tapRowsPay(Conv2dShape.of(32, 8, 14, 14, 16, 3, 1, 1, 1, 1), 16), "72 taps");
        assertFalse(PaddedGridConv.tapRowsPay(Conv2dShape.of(32, 3, 32, 32, 64, 3, 1, 1, 1, 1), 16), "27 taps");
        assertFalse(PaddedGridConv.tapRowsPay(Conv2dShape.of(32, 6, 14, 14, 16, 5, 1, 0, 1, 1), 32),
                "16 channels in a panel of 32");
    }

    @Test
    void givesTheSameBitsForAnyThreadCount() {
        givesTheSameBitsForAnyThreadCount(Conv2dShape.of(11, 6, 13, 12, 16, 5, 1, 2, 1, 1));
        givesTheSameBitsForAnyThreadCount(Conv2dShape.of(19, 16, 14, 14, 32, 3, 1, 1, 1, 1)); // on tap rows
    }

    private static void givesTheSameBitsForAnyThreadCount(Conv2dShape s) {
        Rng rng = new Rng(64);
        float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
        float[] bias = Arrays2.random(rng, s.outChannels()), dy = Arrays2.random(rng, s.outputSize());
        float[][] first = null;
        for (int threads : new int[] {1, 2, 3, 8}) {
            float[][] got = {new float[s.outputSize()], new float[s.inputSize()], new float[s.weightSize()]};
            try (WorkerPool pool = new WorkerPool(threads)) {
                Conv2dCpu conv = new Conv2dCpu(new SgemmCpu(Microkernels.best(), pool), pool);
                conv.forward(s, x, w, bias, got[0]);
                conv.backwardData(s, dy, w, got[1]);
                conv.backwardWeight(s, x, dy, got[2]);
            }
            if (first == null) {
                first = got;
            } else {
                assertArrayEquals(first[0], got[0], "forward, " + threads + " threads");
                assertArrayEquals(first[1], got[1], "backwardData, " + threads + " threads");
                assertArrayEquals(first[2], got[2], "backwardWeight, " + threads + " threads");
            }
        }
    }

    @Test
    void theForwardGivesTheSameBitsAsTheIm2colGemm() {
        Rng rng = new Rng(65);
        try (WorkerPool pool = new WorkerPool(2)) {
            Conv2dCpu conv = new Conv2dCpu(new SgemmCpu(Microkernels.best(), pool), pool);
            // The 43-channel 5x5 kernel has 1075 taps (two depth blocks of KC) on 576 output pixels (one image per
            // GEMM); the 10x10 outputs of the 6-channel layer go several images to a GEMM.
            for (Conv2dShape s : List.of(Conv2dShape.of(4, 6, 56, 56, 16, 5, 1, 0, 1, 1),
                    Conv2dShape.of(2, 43, 24, 24, 7, 5, 1, 2, 1, 1), Conv2dShape.of(7, 6, 14, 14, 16, 5, 1, 0, 1, 1),
                    Conv2dShape.of(5, 3, 32, 32, 64, 3, 1, 1, 1, 1))) {
                float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
                float[] bias = Arrays2.random(rng, s.outChannels());
                float[] grid = new float[s.outputSize()], unfolded = new float[s.outputSize()];
                conv.forward(s, x, w, bias, grid);
                conv.forwardUnfolded(s, x, w, bias, unfolded);
                assertArrayEquals(unfolded, grid, s.toString());
            }
        }
    }

    @Test
    void aNonFiniteInputStaysInTheOutputsItFeeds() {
        Conv2dShape s = Conv2dShape.of(1, 1, 6, 6, 1, 3, 1, 0, 1, 1);
        float[] x = new float[s.inputSize()], w = {1, 1, 1, 1, 1, 1, 1, 1, 1}, y = new float[s.outputSize()];
        java.util.Arrays.fill(x, 1f);
        x[0] = Float.NaN; // feeds output (0, 0) only
        try (WorkerPool pool = new WorkerPool(1)) {
            new PaddedGridConv(Microkernels.best(), pool).forward(s, x, w, null, y);
        }
        assertTrue(Float.isNaN(y[0]));
        for (int i = 1; i < y.length; i++) {
            assertEquals(9f, y[i], "output " + i);
        }
    }

    @Test
    void takesStrideOneUngroupedLayersOnly() {
        assertTrue(PaddedGridConv.forwardApplies(Conv2dShape.of(32, 16, 14, 14, 32, 3, 1, 1, 1, 1)));
        assertFalse(PaddedGridConv.forwardApplies(Conv2dShape.of(2, 16, 14, 14, 32, 3, 2, 1, 1, 1)), "stride 2");
        assertFalse(PaddedGridConv.forwardApplies(Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 2, 2, 1)), "dilation 2");
        assertFalse(PaddedGridConv.forwardApplies(Conv2dShape.of(2, 16, 14, 14, 32, 3, 1, 1, 1, 4)), "4 groups");
        assertTrue(PaddedGridConv.backwardDataApplies(Conv2dShape.of(32, 6, 14, 14, 16, 5, 1, 0, 1, 1), 6));
        assertFalse(PaddedGridConv.backwardDataApplies(Conv2dShape.of(2, 6, 14, 14, 16, 3, 1, 3, 1, 1), 6),
                "padding 3 with a 3x3 kernel would crop dy");
        assertFalse(PaddedGridConv.backwardDataApplies(Conv2dShape.of(32, 1, 28, 28, 16, 3, 1, 1, 1, 1), 6),
                "one input channel: a sixth of each tile");
        assertTrue(PaddedGridConv.weightGradientApplies(Conv2dShape.of(32, 64, 32, 32, 64, 3, 1, 1, 1, 1)));
        assertFalse(PaddedGridConv.weightGradientApplies(Conv2dShape.of(32, 128, 16, 16, 128, 3, 1, 1, 1, 1)),
                "128 output channels: the im2col GEMM is faster");
    }
}
