package org.mimo4j.engine.ops.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The device path of Add, Sub, Mul and Div (BinaryOp with DeviceKernels.binary and scalar) on the
 * HostDeviceBackend test double, whose kernels are the host loops: the shapes a model's step uses
 * (a bias over rows, an equal-shaped operand, a scalar constant such as a loss weight) give the host
 * path's values and gradients bit for bit, and leave them on the device without any download; the
 * constant's value travels as a kernel argument, not as an upload. General broadcasting (both operands
 * broadcast, strided views) takes DeviceKernels.broadcastBinary and sumTo with the same guarantees;
 * only more than DeviceKernels.MAX_RANK axes fall back to the host.
 */
class BinaryOnDeviceTest {
    private static final String[] OPS = {"add", "sub", "mul", "div"};

    private static BiFunction<Tensor, Tensor, Tensor> op(String name) {
        return switch (name) {
            case "add" -> Tensor::add;
            case "sub" -> Tensor::sub;
            case "mul" -> Tensor::mul;
            default -> Tensor::div;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"add", "sub", "mul", "div"})
    void trailingBroadcastRunsOnTheDeviceWithTheHostPathsValuesAndGradients(String name) {
        for (int[] bShape : new int[][] {{5}, {1, 5}, {3, 5}, {2, 3, 5}, {1}}) {
            Rng rng = new Rng(11 + bShape.length);
            float[] a = Tensor.randn(rng, 2, 3, 5).data().clone();
            float[] b = awayFromZero(Tensor.randn(rng, bShape).data().clone());
            float[][] host = run(name, a, b, bShape, false);
            float[][] device;
            try (var d = HostDeviceBackend.install()) {
                device = run(name, a, b, bShape, true);
                assertEquals(3, d.memory().uploads(), name + " " + java.util.Arrays.toString(bShape)
                        + ": a, b and the upstream gradient go up once, nothing else");
                assertEquals(3, d.memory().downloads(), name + ": only the three results come down, when read");
            }
            for (int r = 0; r < host.length; r++) {
                assertArrayEquals(host[r], device[r], name + " b " + java.util.Arrays.toString(bShape) + " result " + r
                        + " (0 = output, then the gradients of a and b)");
            }
        }
    }

    @Test
    void aScalarConstantIsAKernelArgumentNotAnUpload() {
        for (String name : OPS) {
            Tensor loss = Tensor.scalar(1.75f).requiresGrad(true);
            float expected = op(name).apply(loss.detach(), Tensor.scalar(0.5f)).item();
            try (var d = HostDeviceBackend.install()) {
                Tensor y = op(name).apply(loss, Tensor.scalar(0.5f));
                y.backward();
                assertEquals(1, d.memory().uploads(), name + ": only the loss goes up");
                assertEquals(0, d.memory().downloads(), name + ": value and gradient stay on the device");
                assertFalse(loss.grad().storage().hostCurrent(), name + ": the gradient was written on the device");
                assertEquals(expected, y.item(), name);
                assertEquals(name.equals("mul") ? 0.5f : name.equals("div") ? 2f : 1f, loss.grad().item(), name);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"add", "sub", "mul", "div"})
    void generalBroadcastRunsOnTheDeviceWithTheHostPathsValuesAndGradients(String name) {
        int[][][] pairs = {
            {{3}, {2, 3}}, {{4, 1, 5}, {1, 3, 5}}, {{2, 3, 4, 5}, {1, 3, 1, 1}}, {{2, 1, 3}, {3, 1}},
            {{1, 1}, {7, 1}}, {{2, 1, 3, 1, 2, 1}, {1, 2, 1, 3, 1, 2}}};
        for (int[][] shapes : pairs) {
            Rng rng = new Rng(17 + shapes[0].length);
            float[] a = Tensor.randn(rng, shapes[0]).data().clone();
            float[] b = awayFromZero(Tensor.randn(rng, shapes[1]).data().clone());
            String what = name + " " + java.util.Arrays.toString(shapes[0]) + " " + java.util.Arrays.toString(shapes[1]);
            float[][] host = runShapes(name, a, shapes[0], b, shapes[1], false);
            float[][] device;
            try (var d = HostDeviceBackend.install()) {
                device = runShapes(name, a, shapes[0], b, shapes[1], true);
                assertEquals(3, d.memory().uploads(), what + ": a, b and the upstream gradient go up, nothing else");
                assertEquals(3, d.memory().downloads(), what + ": only the three results come down, when read");
            }
            for (int r = 0; r < host.length; r++) {
                assertArrayEquals(host[r], device[r], what + " result " + r + " (0 = output, then the gradients)");
            }
        }
    }

    @Test
    void aStridedViewOperandIsReadThroughItsStridesOnTheDevice() {
        Rng rng = new Rng(9);
        float[] a = Tensor.randn(rng, 4, 3).data().clone();
        float[] b = Tensor.randn(rng, 2, 3, 4).data().clone();
        float[][] host = transposedTimes(a, b);
        float[][] device;
        try (var d = HostDeviceBackend.install()) {
            device = transposedTimes(a, b);
            assertEquals(3, d.memory().uploads(), "a, b and the upstream gradient go up, nothing else");
            assertEquals(3, d.memory().downloads(), "nothing but the three results comes down");
        }
        for (int r = 0; r < host.length; r++) {
            assertArrayEquals(host[r], device[r], "a^T [3, 4] * b [2, 3, 4], result " + r);
        }
    }

    @Test
    void aSevenAxisBroadcastRunsTheHostPath() {
        Rng rng = new Rng(4);
        Tensor a = Tensor.randn(rng, 2, 1, 1, 1, 1, 1, 3);
        Tensor b = Tensor.randn(rng, 2, 1, 1, 1, 1, 1);
        float[] expected = a.add(b).data().clone();
        try (var d = HostDeviceBackend.install()) {
            Tensor y = a.add(b);
            assertNull(y.storage().mirror(), "more axes than DeviceKernels.MAX_RANK: host path");
            assertArrayEquals(expected, y.data());
        }
    }

    /** y = a^T * b (a transposed view broadcast over b's leading axis) and both gradients, for a fixed gy. */
    private static float[][] transposedTimes(float[] a, float[] b) {
        Tensor ta = Tensor.of(a.clone(), 4, 3).requiresGrad(true);
        Tensor tb = Tensor.of(b.clone(), 2, 3, 4).requiresGrad(true);
        Tensor y = ta.transpose(0, 1).mul(tb);
        y.backward(Tensor.full(0.75f, 2, 3, 4));
        return new float[][] {y.data().clone(), ta.grad().data().clone(), tb.grad().data().clone()};
    }

    /** Output and gradients of a op b for shapes that broadcast both ways; on the device path they live there. */
    private static float[][] runShapes(String name, float[] a, int[] aShape, float[] b, int[] bShape, boolean device) {
        Tensor ta = Tensor.of(a.clone(), aShape).requiresGrad(true);
        Tensor tb = Tensor.of(b.clone(), bShape).requiresGrad(true);
        Tensor y = op(name).apply(ta, tb);
        float[] gy = new float[y.numel()];
        for (int i = 0; i < gy.length; i++) {
            gy[i] = 0.25f * (i % 7) - 0.5f;
        }
        y.backward(Tensor.of(gy, y.shape()));
        if (device) {
            assertFalse(y.storage().hostCurrent(), name + ": output written on the device");
            assertFalse(ta.grad().storage().hostCurrent(), name + ": gradient of a written on the device");
            assertFalse(tb.grad().storage().hostCurrent(), name + ": gradient of b written on the device");
        }
        return new float[][] {y.data().clone(), ta.grad().data().clone(), tb.grad().data().clone()};
    }

    /** Output and gradients of a op b with a of shape [2, 3, 5]; checks on the device path that they live there. */
    private static float[][] run(String name, float[] a, float[] b, int[] bShape, boolean device) {
        return runShapes(name, a, new int[] {2, 3, 5}, b, bShape, device);
    }

    private static float[] awayFromZero(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] < 0 ? v[i] - 0.5f : v[i] + 0.5f;
        }
        return v;
    }
}
