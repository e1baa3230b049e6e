package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.DeviceKernels.Unary;
import org.mimo4j.engine.ops.elementwise.UnaryHost;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * DeviceKernels.unary and unaryBackward (elementwise.cl's unary_f, unary_df) against the ops' host loops
 * (ops.elementwise.UnaryHost), for every function, on lengths 1, odd and large non-multiples of the
 * work-group size, and 2 and 8 (Relu's kernels take four floats per item, a last 1-3 one by one),
 * random non-zero values in each op's domain (positive for log, sqrt and a fractional power; [-3, 3]
 * otherwise, so GELU, sigmoid and tanh leave their linear range), with a NaN planted in the piecewise
 * ops' input. The backward is given the host's y, so each kernel is compared alone.
 *
 * <p>Tolerance. RELU, ABS, NEG and CLAMP select or negate, and must agree bitwise (NaN included). The
 * others go through OpenCL's built-ins (exp and log within 3 ulp, tanh 5, pow 16: OpenCL 1.2 table 7.1)
 * against the host's Transcendentals (1 ulp of java.lang.Math) and Math.pow in double, and may contract
 * a product and a sum into one mad: |device - host| <= 64 eps (|host| + s), s = 1 + |x| forward and
 * |gy| (1 + |x|) backward. The s term covers the cancellations: GELU's 1 + tanh(u) for negative x and
 * log near 1, where an ulp of the built-in is large next to the result. 64 eps is pow's 16 ulp (32 eps)
 * with room for the host's rounding and one or two more operations; on PoCL (CPU) the largest error seen
 * over 10^5 values per op was 2.6 eps (s + |host|), pow's backward (GELU's 1.7, exp's 1.6).
 */
class ClDeviceUnaryParityTest {
    private static final double TOL = 64 * Parity.EPS;

    @ParameterizedTest
    @EnumSource(Unary.class)
    void forwardAndBackwardMatchTheHostLoops(Unary op) throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        float a = constantA(op), b = op == Unary.CLAMP ? 0.55f : 0f;
        for (int n : new int[] {1, 2, 7, 8, 129, 4099}) {
            Rng rng = new Rng(70L * n + op.ordinal());
            float[] x = input(op, rng, n), gy = Parity.random(rng, n);
            float[] y = new float[n], gx = new float[n];
            UnaryHost.forward(op, x, a, b, y);
            UnaryHost.backward(op, x, y, gy, a, b, gx);
            Storage sy = dk.allocate(n), sgx = dk.allocate(n);
            dk.unary(op, Storage.wrap(x), a, b, sy);
            dk.unaryBackward(op, Storage.wrap(x), Storage.wrap(y), Storage.wrap(gy), a, b, sgx);
            compare(op + " n=" + n, op, y, sy.read(), x, null);
            compare(op + " backward n=" + n, op, gx, sgx.read(), x, gy);
        }
    }

    @Test
    void anIntegerPowerOfANegativeNumberIsRealAsOnTheHost() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        float[] x = Parity.random(new Rng(71), 33), y = new float[33];
        UnaryHost.forward(Unary.POW, x, 3f, 0f, y);
        Storage sy = dk.allocate(33);
        dk.unary(Unary.POW, Storage.wrap(x), 3f, 0f, sy);
        compare("pow(x, 3) of signed x", Unary.POW, y, sy.read(), x, null);
    }

    private static float constantA(Unary op) {
        return switch (op) {
            case LEAKY_RELU -> 0.1f;
            case CLAMP -> -0.45f;
            case POW -> 2.5f;
            default -> 0f;
        };
    }

    /** Values in the op's domain; the piecewise ops get NaNs of both signs to show they keep the host's NaN rules. */
    private static float[] input(Unary op, Rng rng, int n) {
        float[] x = Parity.random(rng, n);
        boolean positive = op == Unary.LOG || op == Unary.SQRT || op == Unary.POW;
        for (int i = 0; i < n; i++) {
            x[i] = positive ? 0.1f + 2.9f * Math.abs(x[i]) : 3 * x[i];
        }
        if (n > 1 && (op == Unary.RELU || op == Unary.ABS || op == Unary.CLAMP || op == Unary.LEAKY_RELU)) {
            x[n / 2] = Float.NaN;
            if (n > 2) {
                x[n - 1] = Float.intBitsToFloat(0xffc00000); // a NaN with the sign bit set, as x86 arithmetic makes
            }
        }
        return x;
    }

    private static boolean exact(Unary op) {
        return op == Unary.RELU || op == Unary.ABS || op == Unary.NEG || op == Unary.CLAMP;
    }

    /** gy null: a forward result, scale 1 + |x|; else a backward one, scale |gy| (1 + |x|). NaN must match NaN. */
    private static void compare(String what, Unary op, float[] want, float[] got, float[] x, float[] gy) {
        if (exact(op)) {
            assertArrayEquals(want, got, what);
            return;
        }
        for (int i = 0; i < want.length; i++) {
            if (Float.isNaN(want[i]) || Float.isNaN(got[i]) || Float.isNaN(x[i])) {
                assertEquals(want[i], got[i], what + ": element " + i + " (x = " + x[i] + ")");
                continue;
            }
            float scale = 1 + Math.abs(x[i]);
            float bound = Math.abs(want[i]) + (gy == null ? scale : Math.abs(gy[i]) * scale);
            Parity.assertClose(what, new float[] {want[i]}, new float[] {got[i]}, new float[] {bound}, TOL, 0, 1);
        }
    }
}
