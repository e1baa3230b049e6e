package org.mimo4j.engine.ops.nn;


import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.ops.OneInputOnDevice;
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
        OneInputOnDevice.check(what, shape, shape[2] * 5 + shape[3], f);
    }
}
