package org.mimo4j.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.function.UnaryOperator;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The device-path check for an op of one input on the engine's device test double: forward and
 * backward give bitwise the host path's value and gradient, the output and the gradient are written
 * on the device, and only the input and the upstream gradient go up (2 uploads) and the two results
 * come down when read (2 downloads).
 */
public final class OneInputOnDevice {
    private OneInputOnDevice() {
    }

    /** Checks {@code f} on a seeded random input of {@code shape}; {@code what} names the case in messages. */
    public static void check(String what, int[] shape, long seed, UnaryOperator<Tensor> f) {
        float[] x = Tensor.randn(new Rng(seed), shape).data().clone();
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
