package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.fail;

import org.mimo4j.engine.tensor.Rng;

/** Random inputs and tolerant comparison against the double references, for the backend tests. */
final class Arrays2 {
    private Arrays2() {
    }

    /** Uniform values in [-1, 1): never all zeros, so a kernel that skips work cannot pass. */
    static float[] random(Rng rng, int length) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = 2 * rng.nextFloat() - 1;
        }
        return a;
    }

    /**
     * Fails, naming the kernel, the index, expected and actual, unless every element agrees within
     * {@code tol * (1 + |expected|)}, the float32 rounding a sum of a few hundred terms may carry.
     */
    static void assertClose(String what, double[] expected, float[] actual, double tol) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            // NaN only where the kernel must not write (gaps between strided rows); it must stay NaN there.
            boolean bothNaN = Double.isNaN(expected[i]) && Float.isNaN(actual[i]);
            double err = Math.abs(expected[i] - actual[i]);
            if (!bothNaN && !(err <= tol * (1 + Math.abs(expected[i])))) {
                fail(what + ": index " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }
}
