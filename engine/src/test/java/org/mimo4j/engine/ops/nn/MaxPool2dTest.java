package org.mimo4j.engine.ops.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.ops.OneInputOnDevice;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * MaxPool2d's fused relu ({@link F#reluMaxPool2d}) is maxPool2d(relu(x)) bit for bit, values and
 * gradients, on the host path and on the device path (the HostDeviceBackend test double), on inputs
 * where that is hardest: a few values with signed zeros and negatives, so that ties and windows with no
 * positive element are everywhere, and a NaN planted; on 2x2 windows (tiling and with an uncovered
 * border) and on overlapping ones, where gradients add.
 */
class MaxPool2dTest {
    private static final float[] FEW = {-0.75f, -0.25f, -0f, 0f, 0.5f, 1f};
    private static final int[][] CASES = {{2, 3, 8, 8, 2, 2, 0}, {2, 3, 9, 7, 2, 2, 0}, {2, 3, 9, 7, 3, 2, 1},
        {3, 2, 5, 6, 3, 1, 1}, {1, 1, 1, 1, 1, 1, 0}};

    @Test
    void reluMaxPool2dIsMaxPoolOfReluBitForBitOnTheHost() {
        check(false);
    }

    @Test
    void reluMaxPool2dIsMaxPoolOfReluBitForBitOnTheDevicePath() {
        try (var device = HostDeviceBackend.install()) {
            check(true);
        }
    }

    @Test
    void reluMaxPool2dRunsOnTheDeviceWithTheHostPathsValuesAndGradients() {
        for (int[] c : CASES) {
            OneInputOnDevice.check("reluMaxPool2d " + Arrays.toString(c), new int[] {c[0], c[1], c[2], c[3]}, 7 * c[2] + c[3],
                    x -> F.reluMaxPool2d(x, c[4], c[5], c[6]));
        }
    }

    private static void check(boolean device) {
        Rng rng = new Rng(23);
        for (int[] c : CASES) {
            int[] shape = {c[0], c[1], c[2], c[3]};
            for (int round = 0; round < 4; round++) {
                float[] x = new float[c[0] * c[1] * c[2] * c[3]];
                for (int i = 0; i < x.length; i++) {
                    x[i] = FEW[rng.nextInt(FEW.length)];
                }
                x[rng.nextInt(x.length)] = round % 2 == 0 ? Float.NaN : -Float.NaN;
                String what = Arrays.toString(c) + " round " + round + (device ? " on the device path" : "");
                float[][] fused = run(x, shape, t -> F.reluMaxPool2d(t, c[4], c[5], c[6]));
                float[][] composed = run(x, shape, t -> F.maxPool2d(t.relu(), c[4], c[5], c[6]));
                assertArrayEquals(bits(composed[0]), bits(fused[0]), what + ": values");
                assertArrayEquals(bits(composed[1]), bits(fused[1]), what + ": gradients");
            }
        }
    }

    private static float[][] run(float[] x, int[] shape, UnaryOperator<Tensor> f) {
        Tensor tx = Tensor.of(x.clone(), shape).requiresGrad(true);
        Tensor y = f.apply(tx);
        float[] gy = new float[y.numel()];
        for (int i = 0; i < gy.length; i++) {
            gy[i] = 0.5f * (i % 5) - 0.75f; // -0.75 .. 1.25, zero among them
        }
        y.backward(Tensor.of(gy, y.shape()));
        return new float[][] {y.data().clone(), tx.grad().data().clone()};
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
