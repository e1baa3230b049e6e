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
 * {@link ChannelLanesConv}: the stride-1 forward with output channels across the lanes, against the
 * reference on both microkernels; the same bits as the other layout and as the im2col GEMM; the same bits
 * for any thread count; and the layers it pays for.
 */
class ChannelLanesConvTest extends OnBothMicrokernels {

    /**
     * The padded-grid shapes, plus those that stress the lane tile: channels not a multiple of the lanes
     * and more than one group of them, output lines narrower than a tile, exactly one, and one pixel past
     * two, and 1075 taps (two blocks of {@link SgemmCpu#KC}).
     */
    private static List<Conv2dShape> shapes() {
        List<Conv2dShape> shapes = new ArrayList<>(PaddedGridConvTest.shapes());
        shapes.addAll(List.of(
                Conv2dShape.of(2, 6, 14, 14, 20, 5, 1, 0, 1, 1),
                Conv2dShape.of(3, 5, 12, 16, 37, 3, 1, 1, 1, 1),
                Conv2dShape.of(2, 4, 1, 12, 3, 1, 1, 0, 1, 1),
                Conv2dShape.of(1, 2, 6, 25, 16, 1, 1, 0, 1, 1),
                Conv2dShape.of(2, 43, 9, 9, 16, 5, 1, 2, 1, 1)));
        return shapes;
    }

    @Override
    void matchesReference(Microkernel kernel) {
        Rng rng = new Rng(71);
        try (WorkerPool pool = new WorkerPool(2)) {
            ChannelLanesConv conv = new ChannelLanesConv(kernel, pool);
            for (Conv2dShape s : shapes()) {
                float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
                float[] bias = Arrays2.random(rng, s.outChannels()), y = Arrays2.random(rng, s.outputSize());
                conv.forward(s, x, w, bias, y);
                Arrays2.assertClose("forward " + s, ReferenceKernels.conv2dForward(s, x, w, bias), y, 1e-4);
            }
        }
    }

    /** Each output sums the same products in the same order in all three: with and without a bias. */
    @Test
    void givesTheBitsOfTheOtherLayoutAndOfTheIm2colGemm() {
        Rng rng = new Rng(72);
        try (WorkerPool pool = new WorkerPool(2)) {
            Microkernel kernel = Microkernels.best();
            Conv2dCpu im2col = new Conv2dCpu(new SgemmCpu(kernel, pool), pool);
            PaddedGridConv rows = new PaddedGridConv(kernel, pool);
            ChannelLanesConv lanes = new ChannelLanesConv(kernel, pool);
            for (Conv2dShape s : shapes()) {
                float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
                for (float[] bias : new float[][] {null, Arrays2.random(rng, s.outChannels())}) {
                    float[] a = new float[s.outputSize()], b = new float[s.outputSize()], c = new float[s.outputSize()];
                    lanes.forward(s, x, w, bias, a);
                    rows.forwardOnRows(s, x, w, bias, b);
                    im2col.forwardUnfolded(s, x, w, bias, c);
                    assertArrayEquals(b, a, "the rows layout, " + s);
                    if (s.inChannels() * s.kernelH() * s.kernelW() <= SgemmCpu.KC || s.n() == 1) {
                        assertArrayEquals(c, a, "im2col, " + s); // deeper layers: im2col adds images' blocks in another order
                    }
                }
            }
        }
    }

    @Test
    void givesTheSameBitsForAnyThreadCount() {
        Rng rng = new Rng(73);
        Conv2dShape s = Conv2dShape.of(9, 6, 14, 13, 16, 5, 1, 1, 1, 1);
        float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
        float[] bias = Arrays2.random(rng, s.outChannels()), first = null;
        for (int threads : new int[] {1, 2, 3, 8}) {
            float[] y = new float[s.outputSize()];
            try (WorkerPool pool = new WorkerPool(threads)) {
                new ChannelLanesConv(Microkernels.best(), pool).forward(s, x, w, bias, y);
            }
            if (first == null) {
                first = y;
            } else {
                assertArrayEquals(first, y, threads + " threads");
            }
        }
    }

    @Test
    void aNonFiniteInputStaysInTheOutputsItFeeds() {
        Conv2dShape s = Conv2dShape.of(1, 1, 6, 6, 2, 3, 1, 0, 1, 1);
        float[] x = new float[s.inputSize()], w = new float[18], y = new float[s.outputSize()];
        java.util.Arrays.fill(x, 1f);
        java.util.Arrays.fill(w, 1f);
        x[0] = Float.NaN; // feeds output pixel (0, 0) of both channels only
        try (WorkerPool pool = new WorkerPool(1)) {
            new ChannelLanesConv(Microkernels.best(), pool).forward(s, x, w, null, y);
        }
        for (int i = 0; i < y.length; i++) {
            if (i % 16 == 0) {
                assertTrue(Float.isNaN(y[i]), "output " + i);
            } else {
                assertEquals(9f, y[i], "output " + i);
            }
        }
    }

    /**
     * With 6 x 32 tiles and 16 lanes: of the benchmark's layers, only LeNet's second on 14x14; with 8 x 32
     * tiles (AVX-512) its 16 channels fill the rows and none.
     */
    @Test
    void paysOnlyWhereTheOtherLayoutWastesMore() {
        assertTrue(ChannelLanesConv.pays(Conv2dShape.of(32, 6, 14, 14, 16, 5, 1, 0, 1, 1), 6, 32, 16),
                "10-pixel lines on a 14-wide grid, 16 channels");
        assertFalse(ChannelLanesConv.pays(Conv2dShape.of(32, 6, 14, 14, 16, 5, 1, 0, 1, 1), 8, 32, 16),
                "the same on 8-row tiles");
        assertFalse(ChannelLanesConv.pays(Conv2dShape.of(32, 6, 56, 56, 16, 5, 1, 0, 1, 1), 6, 32, 16), "52 of 56");
        assertFalse(ChannelLanesConv.pays(Conv2dShape.of(32, 1, 28, 28, 6, 5, 1, 2, 1, 1), 6, 32, 16), "6 channels");
        assertFalse(ChannelLanesConv.pays(Conv2dShape.of(32, 3, 32, 32, 64, 3, 1, 1, 1, 1), 6, 32, 16), "cifar");
        assertFalse(ChannelLanesConv.pays(Conv2dShape.of(32, 16, 14, 14, 32, 3, 1, 1, 1, 1), 6, 32, 16), "14 of 16");
        assertFalse(ChannelLanesConv.pays(Conv2dShape.of(32, 6, 14, 14, 16, 5, 2, 0, 1, 1), 6, 32, 16), "stride 2");
    }
}
