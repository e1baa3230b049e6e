package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mimo4j.engine.tensor.Rng;

/**
 * Both paths of {@link SoftmaxRows} (scalar, and SIMD when the Vector API is present) against a double
 * softmax, on row lengths below, at and past the vector length (1 to 67), at an offset inside a larger
 * array, with and without a mask, and on rows masked everywhere.
 */
class SoftmaxRowsTest {
    private static final int[] LENGTHS = {1, 2, 7, 15, 16, 17, 31, 32, 33, 64, 67};
    private static final int OFF = 5;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void forwardMatchesDoubleSoftmax(boolean simd) {
        assumeTrue(!simd || SoftmaxRows.SIMD, "the JVM was started without jdk.incubator.vector");
        Rng rng = new Rng(41);
        for (int n : LENGTHS) {
            for (boolean masked : new boolean[] {false, true}) {
                float[] row = scaled(Arrays2.random(rng, n + 2 * OFF), 4f);
                float[] mask = masked ? mask(rng, n + 3) : null;
                double[] expected = softmax(row, mask);
                SoftmaxRows.forward(row, OFF, n, mask, 3, simd);
                Arrays2.assertClose("softmax n=" + n + " masked=" + masked + " simd=" + simd, expected, row, 2e-6);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rowMaskedEverywhereGetsZeros(boolean simd) {
        assumeTrue(!simd || SoftmaxRows.SIMD, "the JVM was started without jdk.incubator.vector");
        for (int n : LENGTHS) {
            float[] row = Arrays2.random(new Rng(n), n), mask = new float[n];
            java.util.Arrays.fill(mask, Float.NEGATIVE_INFINITY);
            SoftmaxRows.forward(row, 0, n, mask, 0, simd);
            assertArrayEquals(new float[n], row, "n=" + n + " simd=" + simd);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void backwardMatchesSoftmaxJacobian(boolean simd) {
        assumeTrue(!simd || SoftmaxRows.SIMD, "the JVM was started without jdk.incubator.vector");
        Rng rng = new Rng(42);
        for (int n : LENGTHS) {
            float[] probs = Arrays2.random(rng, n + OFF), ds = Arrays2.random(rng, n + 2 * OFF);
            double dot = 0;
            for (int j = 0; j < n; j++) {
                dot += (double) probs[OFF + j] * ds[2 * OFF + j];
            }
            double[] expected = new double[ds.length];
            for (int j = 0; j < ds.length; j++) {
                int i = j - 2 * OFF;
                expected[j] = i < 0 || i >= n ? ds[j] : probs[OFF + i] * (ds[j] - dot);
            }
            SoftmaxRows.backward(probs, OFF, ds, 2 * OFF, n, simd);
            Arrays2.assertClose("softmax backward n=" + n + " simd=" + simd, expected, ds, 1e-5);
        }
    }

    private static float[] scaled(float[] a, float factor) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= factor;
        }
        return a;
    }

    /** Zeros and random -infinity entries, never -infinity at index 3 (the row's first), so no row is all masked. */
    private static float[] mask(Rng rng, int length) {
        float[] mask = new float[length];
        for (int i = 4; i < length; i++) {
            mask[i] = rng.nextInt(3) == 0 ? Float.NEGATIVE_INFINITY : rng.nextFloat();
        }
        return mask;
    }

    /** The double softmax of row[OFF, OFF + n) + mask[3, ...), the rest of row unchanged; n = row.length - 2 * OFF. */
    private static double[] softmax(float[] row, float[] mask) {
        int n = row.length - 2 * OFF;
        double[] out = new double[row.length];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int i = 0; i < row.length; i++) {
            out[i] = row[i];
        }
        for (int j = 0; j < n; j++) {
            out[OFF + j] += mask == null ? 0 : mask[3 + j];
            max = Math.max(max, out[OFF + j]);
        }
        for (int j = 0; j < n; j++) {
            out[OFF + j] = Math.exp(out[OFF + j] - max);
            sum += out[OFF + j];
        }
        for (int j = 0; j < n; j++) {
            out[OFF + j] /= sum;
        }
        return out;
    }
}
