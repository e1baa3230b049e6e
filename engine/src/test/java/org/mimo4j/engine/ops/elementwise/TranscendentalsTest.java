package org.mimo4j.engine.ops.elementwise;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whichever path is active (Vector API or scalar), results agree with {@link Math} to within 2 ulp of
 * the float result, on lengths that leave a scalar tail and on values out to the tails of each function.
 */
class TranscendentalsTest {
    private static final int N = 1000 + 7;

    private static float[] values(double lo, double hi) {
        Rng r = new Rng(11);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return x;
    }

    private static void assertWithin2Ulp(String fn, float[] x, float[] actual, java.util.function.DoubleUnaryOperator f) {
        for (int i = 0; i < x.length; i++) {
            float expected = (float) f.applyAsDouble(x[i]);
            assertTrue(Math.abs(actual[i] - expected) <= 2 * Math.ulp(expected),
                    fn + "(" + x[i] + ") at index " + i + ": expected " + expected + ", actual " + actual[i]);
        }
    }

    @Test
    void expMatchesMath() {
        float[] x = values(-80, 80);
        float[] y = new float[N];
        Transcendentals.exp(x, y);
        assertWithin2Ulp("exp", x, y, Math::exp);
    }

    @Test
    void logMatchesMath() {
        float[] x = values(1e-6, 1e6);
        float[] y = new float[N];
        Transcendentals.log(x, y);
        assertWithin2Ulp("log", x, y, Math::log);
    }

    @Test
    void tanhMatchesMath() {
        float[] x = values(-12, 12);
        float[] y = new float[N];
        Transcendentals.tanh(x, y);
        assertWithin2Ulp("tanh", x, y, Math::tanh);
    }

    @Test
    void inPlaceIsAllowed() {
        float[] x = values(-3, 3);
        float[] y = x.clone();
        Transcendentals.exp(y, y);
        assertWithin2Ulp("exp", x, y, Math::exp);
    }

    @Test
    void specialValuesFollowMathInVectorLanesAndTail() {
        float[] special = {Float.NEGATIVE_INFINITY, 0f, Float.NaN, 100f};
        float[] expected = {0f, 1f, Float.NaN, Float.POSITIVE_INFINITY};
        float[] x = new float[67];
        for (int i = 0; i < x.length; i++) {
            x[i] = special[i % 4];
        }
        float[] y = new float[x.length];
        Transcendentals.exp(x, y);
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i % 4], y[i], "exp(" + x[i] + ") at index " + i);
        }
    }

    @Test
    void theVectorPathIsUsedWhenTheModuleIsPresent() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(present, Transcendentals.SIMD);
    }
}
