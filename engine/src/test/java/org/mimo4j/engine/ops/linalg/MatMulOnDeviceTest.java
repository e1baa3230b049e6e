package org.mimo4j.engine.ops.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * MatMul's device path on the HostDeviceBackend test double (whose sgemm is the CPU backend's): two
 * dense matrices, as in a dense layer's x W, multiply on the device and so do both gradients, with
 * the host path's values; so do batched products with broadcast batch axes (stride 0 or a gather),
 * vector operands and transposed views (gathered on the device), their gradients summed over the
 * broadcast axes with sumTo.
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
    void batchedAndBroadcastProductsRunOnTheDeviceWithTheHostPathsValuesAndGradients() {
        int[][][] pairs = {
            {{2, 3, 4}, {4, 5}}, {{3, 4}, {2, 4, 5}}, {{2, 3, 4}, {2, 4, 5}}, {{2, 1, 3, 4}, {1, 3, 4, 5}},
            {{4}, {2, 4, 5}}, {{2, 3, 4}, {4}}, {{1, 1, 1}, {3, 1, 1}}, {{2, 1, 1, 3, 7}, {1, 2, 3, 7, 1}}};
        for (int[][] shapes : pairs) {
            String what = java.util.Arrays.toString(shapes[0]) + " x " + java.util.Arrays.toString(shapes[1]);
            float[][] host = runShapes(shapes[0], shapes[1], false, false);
            float[][] device;
            try (var d = HostDeviceBackend.install()) {
                device = runShapes(shapes[0], shapes[1], false, true);
                assertEquals(3, d.memory().uploads(), what + ": a, b and the upstream gradient go up, nothing else");
                assertEquals(3, d.memory().downloads(), what + ": the three results come down when read, nothing else");
            }
            for (int r = 0; r < 3; r++) {
                assertArrayEquals(host[r], device[r], what + " result " + r);
            }
        }
    }

    @Test
    void aTransposedViewOperandIsGatheredOnTheDevice() {
        float[][] host = runShapes(new int[] {2, 3, 4}, new int[] {2, 5, 4}, true, false);
        float[][] device;
        try (var d = HostDeviceBackend.install()) {
            device = runShapes(new int[] {2, 3, 4}, new int[] {2, 5, 4}, true, true);
            assertEquals(3, d.memory().uploads(), "q, k and the upstream gradient go up, nothing else");
            assertEquals(3, d.memory().downloads(), "the three results come down when read, nothing else");
        }
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(host[r], device[r], "q [2, 3, 4] x k^T, k [2, 5, 4]: result " + r);
        }
    }

    /** c = a b (b transposed in its last two axes when {@code transB}) and both gradients for a fixed upstream gradient. */
    private static float[][] runShapes(int[] aShape, int[] bShape, boolean transB, boolean device) {
        Rng rng = new Rng(aShape.length * 7 + bShape.length);
        Tensor a = Tensor.randn(rng, aShape).requiresGrad(true);
        Tensor b = Tensor.randn(rng, bShape).requiresGrad(true);
        Tensor c = a.matmul(transB ? b.transpose(-2, -1) : b);
        c.backward(Tensor.randn(new Rng(5), c.shape()));
        if (device) {
            assertFalse(c.storage().hostCurrent(), "the product was written on the device");
            assertFalse(a.grad().storage().hostCurrent(), "the gradient of a was written on the device");
            assertFalse(b.grad().storage().hostCurrent(), "the gradient of b was written on the device");
        }
        return new float[][] {c.data().clone(), a.grad().data().clone(), b.grad().data().clone()};
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
