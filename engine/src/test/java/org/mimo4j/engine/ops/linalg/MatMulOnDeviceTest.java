package org.mimo4j.engine.ops.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * MatMul's device path on the HostDeviceBackend test double (whose sgemm is the CPU backend's): two
 * dense matrices, as in a dense layer's x W, multiply on the device and so do both gradients, with
 * the host path's values; batched or vector operands keep the host path.
 */
class MatMulOnDeviceTest {

    @Test
    void twoDenseMatricesMultiplyOnTheDeviceWithTheHostPathsValuesAndGradients() {
        for (int[] mkn : new int[][] {{1, 1, 1}, {7, 5, 3}, {16, 33, 10}}) {
            float[][] host = run(mkn, false);
            float[][] device;
            try (var d = HostDeviceBackend.install()) {
                device = run(mkn, true);
                assertEquals(3, d.memory().uploads(), "a, b and the upstream gradient go up, nothing else");
                assertEquals(3, d.memory().downloads(), "the three results come down when read, nothing else");
            }
            for (int r = 0; r < 3; r++) {
                assertArrayEquals(host[r], device[r], "m, k, n = " + java.util.Arrays.toString(mkn) + " result " + r);
            }
        }
    }

    @Test
    void aBatchedProductRunsTheHostPath() {
        Rng rng = new Rng(2);
        Tensor a = Tensor.randn(rng, 2, 3, 4);
        Tensor b = Tensor.randn(rng, 4, 5);
        float[] expected = a.matmul(b).data().clone();
        try (var d = HostDeviceBackend.install()) {
            Tensor c = a.matmul(b);
            assertNull(c.storage().mirror(), "a 3-d operand takes the host path");
            assertArrayEquals(expected, c.data());
        }
    }

    /** c = a b and its gradients for a fixed upstream gradient; on the device path all three stay there. */
    private static float[][] run(int[] mkn, boolean device) {
        Rng rng = new Rng(mkn[0] * 31 + mkn[2]);
        Tensor a = Tensor.randn(rng, mkn[0], mkn[1]).requiresGrad(true);
        Tensor b = Tensor.randn(rng, mkn[1], mkn[2]).requiresGrad(true);
        Tensor c = a.matmul(b);
        c.backward(Tensor.randn(new Rng(5), mkn[0], mkn[2]));
        if (device) {
            assertFalse(c.storage().hostCurrent(), "the product was written on the device");
            assertFalse(a.grad().storage().hostCurrent(), "the gradient of a was written on the device");
            assertFalse(b.grad().storage().hostCurrent(), "the gradient of b was written on the device");
        }
        return new float[][] {c.data().clone(), a.grad().data().clone(), b.grad().data().clone()};
    }
}
