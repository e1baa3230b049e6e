package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/**
 * {@link GridWeightTiles}: the weight gradient as GEMMs on the transposed grid against the reference, on both
 * microkernels, for inputs of one and two channel panels; output channels that fill no whole tile; kernels from
 * 1x1 to 3x4 with padding from none to k - 1; images stacked several to a grid; accumulating into what a
 * first call wrote.
 */
class GridWeightTilesTest extends OnBothMicrokernels {

    @Override
    void matchesReference(Microkernel kernel) {
        GridWeightTiles tiles = new GridWeightTiles(kernel);
        Rng rng = new Rng(81);
        for (Conv2dShape s : shapes(kernel.nr(), rng)) {
            assertTrue(tiles.applies(s), s.toString());
            float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
            float[] dy = Arrays2.random(rng, s.outputSize());
            double[] want = ReferenceKernels.conv2dBackward(s, x, w, dy, false);
            int stack = PaddedGridConv.stack(s, s.n());
            float[] got = Arrays2.random(rng, s.weightSize()); // overwritten by the first grid
            for (int n = 0; n < s.n(); n += stack) {
                PaddedGrid g = PaddedGridConv.inputGrid(s, Math.min(stack, s.n() - n));
                tiles.add(s, g, x, dy, n, got, n == 0);
            }
            Arrays2.assertClose("weight gradient " + s + ", " + kernel.describe(), want, got, 1e-3);
        }
    }

    /** Stride-1 shapes whose input channels are nr or 2 nr. */
    private static List<Conv2dShape> shapes(int nr, Rng rng) {
        List<Conv2dShape> shapes = new ArrayList<>(List.of(
                Conv2dShape.of(12, nr, 14, 14, 32, 3, 1, 1, 1, 1), // 8 images a grid: two grids
                Conv2dShape.of(9, 2 * nr, 3, 5, 7, 3, 1, 2, 1, 1),
                new Conv2dShape(2, nr, 6, 11, 13, 2, 4, 1, 1, 1, 3, 1, 1, 1),
                Conv2dShape.of(3, nr, 1, 1, 5, 1, 1, 0, 1, 1)));
        for (int i = 0; i < 6; i++) {
            int kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4);
            int h = kh + rng.nextInt(9), w = kw + rng.nextInt(9);
            shapes.add(new Conv2dShape(1 + rng.nextInt(12), nr * (1 + rng.nextInt(2)), h, w, 1 + rng.nextInt(20), kh,
                    kw, 1, 1, rng.nextInt(kh), rng.nextInt(kw), 1, 1, 1));
        }
        return shapes;
    }

    @Test
    void takesInputsWhoseChannelsFillWholePanels() {
        GridWeightTiles tiles = new GridWeightTiles(new ScalarMicrokernel());
        int nr = new ScalarMicrokernel().nr();
        assertTrue(tiles.applies(Conv2dShape.of(1, 4 * nr, 8, 8, 3, 3, 1, 1, 1, 1)));
        assertFalse(tiles.applies(Conv2dShape.of(1, nr + 1, 8, 8, 3, 3, 1, 1, 1, 1)));
        assertFalse(tiles.applies(Conv2dShape.of(1, 3, 32, 32, 64, 3, 1, 1, 1, 1)), "CIFAR's first layer");
    }

    /** The same bits on 1, 2 and 3 threads for a layer the tiles take (the small CNN's 16 -> 32 on AVX2). */
    @Test
    void givesTheSameBitsOnAnyThreadCount() {
        Microkernel kernel = Microkernels.best();
        Conv2dShape s = Conv2dShape.of(11, 2 * kernel.nr(), 9, 9, 13, 3, 1, 1, 1, 1);
        Rng rng = new Rng(82);
        float[] x = Arrays2.random(rng, s.inputSize()), dy = Arrays2.random(rng, s.outputSize());
        float[] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                float[] dw = new float[s.weightSize()];
                new Conv2dCpu(new SgemmCpu(kernel, pool), pool).backwardWeight(s, x, dy, dw);
                if (first == null) {
                    first = dw;
                } else {
                    assertArrayEquals(first, dw, threads + " threads");
                }
            }
        }
    }
}
