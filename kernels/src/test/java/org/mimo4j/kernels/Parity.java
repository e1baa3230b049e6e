package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;

/** Random inputs and the comparison rule shared by the OpenCL parity tests. */
final class Parity {
    /** float32 unit roundoff. */
    static final double EPS = Math.ulp(1f) / 2;

    private Parity() {
    }

    /** Uniform values in [-1, -0.05] U [0.05, 1]: random signs, never zero, so no product vanishes. */
    static float[] random(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            float v = 0.05f + 0.95f * rng.nextFloat();
            x[i] = rng.nextFloat() < 0.5f ? -v : v;
        }
        return x;
    }

    static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }

    /**
     * Fails unless |got - want| <= tol * bound + 1e-30 elementwise on [from, to), naming the element.
     * For sums of k products, bound = sum |a||b| and tol = 2 gamma_k (each side may err by
     * gamma_k = k eps / (1 - k eps) of it): the classical error bound of a float dot product.
     */
    static void assertClose(String what, float[] want, float[] got, float[] bound, double tol, int from, int to) {
        for (int i = from; i < to; i++) {
            double err = Math.abs((double) got[i] - want[i]);
            double allowed = tol * bound[i] + 1e-30;
            if (!(err <= allowed)) {
                fail(what + ": element " + i + " expected " + want[i] + " but was " + got[i] + " (error " + err
                        + " > allowed " + allowed + ")");
            }
        }
    }

    /** 2 gamma_k for dot products of length k, plus one rounding for alpha/beta/bias (the autotune's gate too). */
    static double dotTolerance(int k) {
        return ClGemmCheck.dotTolerance(k);
    }

    /** Fails unless |got - want| <= rel * (1 + max |want|) elementwise, naming the element. */
    static void assertCloseScaled(String what, float[] want, float[] got, double rel, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(want[i]));
        }
        float[] bound = new float[n];
        java.util.Arrays.fill(bound, (float) (1 + max));
        assertClose(what, want, got, bound, rel, 0, n);
    }

    /** The ops' host arithmetic of DeviceKernels.Arith (ops.elementwise Add, Sub, Mul, Div): one operation each. */
    static float arith(DeviceKernels.Arith op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }

    /** Exact for add, sub and mul; division within 3 ulp of |want| (OpenCL's default allows 2.5). */
    static void assertArith(String what, float[] want, float[] got) {
        if (!what.startsWith("DIV")) {
            assertArrayEquals(want, got, what);
            return;
        }
        assertClose(what, want, got, abs(want), 6 * EPS, 0, want.length);
    }
}
