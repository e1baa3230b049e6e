package org.mimo4j.engine.backend;

/**
 * The row loops of attention's softmax, forward and backward: on the Vector API ({@link SoftmaxRowsSimd},
 * whose exp lanes the JIT maps to SIMD math routines) when {@code jdk.incubator.vector} is present, else
 * plain scalar loops. Either path is deterministic (fixed lane and summation order for a given row
 * length) and fixed for the life of the JVM; the two differ from each other in rounding only.
 */
final class SoftmaxRows {
    static final boolean SIMD = Microkernels.vectorPathUsable(() -> SoftmaxRowsSimd.lanes());

    private SoftmaxRows() {
    }

    /**
     * Softmax of row[off, off + n) + mask[mOff, ...) in place (mask may be null). A row masked everywhere
     * has no distribution; it gets all-zero probabilities (so it attends to nothing) rather than NaN.
     */
    static void forward(float[] row, int off, int n, float[] mask, int mOff) {
        forward(row, off, n, mask, mOff, SIMD);
    }

    /** {@link #forward} on a chosen path (for tests; {@code simd} needs the Vector API). */
    static void forward(float[] row, int off, int n, float[] mask, int mOff, boolean simd) {
        float max = simd ? SoftmaxRowsSimd.addMaskAndMax(row, off, n, mask, mOff) : addMaskAndMax(row, off, n, mask, mOff, 0,
                Float.NEGATIVE_INFINITY);
        if (max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(row, off, off + n, 0f);
            return;
        }
        float sum = simd ? SoftmaxRowsSimd.expShifted(row, off, n, max) : expShifted(row, off, n, max, 0, 0f);
        scale(row, off, n, 1 / sum);
    }

    /** ds[j] := P[j] * (ds[j] - sum_j' P[j'] ds[j']): the softmax Jacobian applied to one row. */
    static void backward(float[] probs, int pOff, float[] ds, int dOff, int n) {
        backward(probs, pOff, ds, dOff, n, SIMD);
    }

    /** {@link #backward} on a chosen path (for tests; {@code simd} needs the Vector API). */
    static void backward(float[] probs, int pOff, float[] ds, int dOff, int n, boolean simd) {
        float dot = simd ? SoftmaxRowsSimd.dot(probs, pOff, ds, dOff, n) : dot(probs, pOff, ds, dOff, n, 0, 0f);
        for (int j = 0; j < n; j++) {
            ds[dOff + j] = probs[pOff + j] * (ds[dOff + j] - dot);
        }
    }

    /** row[j] += mask[j] for j in [from, n); returns the max of those and {@code max}. */
    static float addMaskAndMax(float[] row, int off, int n, float[] mask, int mOff, int from, float max) {
        for (int j = from; j < n; j++) {
            float v = mask == null ? row[off + j] : row[off + j] + mask[mOff + j];
            row[off + j] = v;
            max = Math.max(max, v);
        }
        return max;
    }

    /** row[j] := e^(row[j] - max) for j in [from, n); returns {@code sum} plus those, added in order. */
    static float expShifted(float[] row, int off, int n, float max, int from, float sum) {
        for (int j = from; j < n; j++) {
            float e = (float) Math.exp(row[off + j] - max);
            row[off + j] = e;
            sum += e;
        }
        return sum;
    }

    /** {@code dot} plus a[j] * b[j] for j in [from, n), added in order. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n, int from, float dot) {
        for (int j = from; j < n; j++) {
            dot += a[aOff + j] * b[bOff + j];
        }
        return dot;
    }

    private static void scale(float[] row, int off, int n, float factor) {
        for (int j = 0; j < n; j++) {
            row[off + j] *= factor;
        }
    }
}
