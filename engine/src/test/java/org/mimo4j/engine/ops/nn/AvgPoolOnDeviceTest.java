package org.mimo4j.engine.ops.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * AvgPool2d and GlobalAvgPool on the HostDeviceBackend test double: forward and backward run on the
 * device (avgPool2dForward/Backward; sumTo, gather and a division) with the host path's values and
 * gradients bit for bit, moving only the input and upstream gradient up and the results down.
 */
class AvgPoolOnDeviceTest {

    @Test
    void avgPool2dRunsOnTheDeviceWithTheHostPathsValuesAndGradients() {
        int[][] cases = {{2, 3, 8, 8, 2, 2, 0}, {2, 3, 9, 7, 3, 2, 1}, {1, 1, 1, 1, 1, 1, 0}, {3, 2, 5, 6, 3, 1, 1},
            {1, 2, 2, 3, 2, 2, 1}};
        for (int[] c : cases) {
            check("avgPool2d " + java.util.Arrays.toString(c), new int[] {c[0], c[1], c[2], c[3]},
                    x -> F.avgPool2d(x, c[4], c[5], c[6]));
        }
    }

    @Test
    void globalAvgPoolRunsOnTheDeviceWithTheHostPathsValuesAndGradients() {
        for (int[] shape : new int[][] {{2, 3, 4, 5}, {1, 1, 1, 1}, {3, 7, 3, 1}}) {
            check("globalAvgPool " + java.util.Arrays.toString(shape), shape, F::globalAvgPool);
        }
    }

    private static void check(String what, int[] shape, UnaryOperator<Tensor> f) {
        float[] x = Tensor.randn(new Rng(shape[2] * 5 + shape[3]), shape).data().clone();
        float[][] host = run(x, shape, f, false);
        float[][] device;
        try (var d = HostDeviceBackend.install()) {
            device = run(x, shape, f, true);
            assertEquals(2, d.memory().uploads(), what + ": the input and the upstream gradient go up, nothing else");
            assertEquals(2, d.memory().downloads(), what + ": only the result and the gradient come down, when read");
        }
        assertArrayEquals(host[0], device[0], what + ": value");
        assertArrayEquals(host[1], device[1], what + ": gradient");
    }

    private static float[][] run(float[] x, int[] shape, UnaryOperator<Tensor> f, boolean device) {
        Tensor tx = Tensor.of(x.clone(), shape).requiresGrad(true);
        Tensor y = f.apply(tx);
        float[] gy = new float[y.numel()];
        for (int i = 0; i < gy.length; i++) {
            gy[i] = 0.5f * (i % 5) - 0.75f;
        }
        y.backward(Tensor.of(gy, y.shape()));
        if (device) {
            assertFalse(y.storage().hostCurrent(), "the output was written on the device");
            assertFalse(tx.grad().storage().hostCurrent(), "the gradient was written on the device");
        }
        return new float[][] {y.data().clone(), tx.grad().data().clone()};
    }
}
