package org.mimo4j.engine.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.mimo4j.engine.ops.VectorApi;

/**
 * The Vector API path of {@link SoftmaxRows}; only loaded when {@code jdk.incubator.vector} is present.
 * Whole vectors go through lanewise operators (lane partial sums, then one reduction), the tail
 * through {@link SoftmaxRows}' scalar loops.
 */
final class SoftmaxRowsSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private SoftmaxRowsSimd() {
    }

    static int lanes() {
        return S.length();
    }

    static float addMaskAndMax(float[] row, int off, int n, float[] mask, int mOff) {
        int bound = S.loopBound(n);
        FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < bound; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, row, off + j);
            if (mask != null) {
                v = v.add(FloatVector.fromArray(S, mask, mOff + j));
                v.intoArray(row, off + j);
            }
            max = max.max(v);
        }
        return SoftmaxRows.addMaskAndMax(row, off, n, mask, mOff, bound, max.reduceLanes(VectorOperators.MAX));
    }

    // The operator is named as a constant: the JIT only turns lanewise(EXP) into SIMD math when it is one.
    static float expShifted(float[] row, int off, int n, float max) {
        int bound = S.loopBound(n);
        FloatVector sum = FloatVector.zero(S);
        for (int j = 0; j < bound; j += S.length()) {
            FloatVector e = FloatVector.fromArray(S, row, off + j).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(row, off + j);
            sum = sum.add(e);
        }
        float[] lanes = new float[S.length()];
        sum.intoArray(lanes, 0);
        return SoftmaxRows.expShifted(row, off, n, max, bound, VectorApi.sumInOrder(lanes));
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int bound = S.loopBound(n);
        FloatVector dot = FloatVector.zero(S);
        for (int j = 0; j < bound; j += S.length()) {
            dot = FloatVector.fromArray(S, a, aOff + j).fma(FloatVector.fromArray(S, b, bOff + j), dot);
        }
        float[] lanes = new float[S.length()];
        dot.intoArray(lanes, 0);
        return SoftmaxRows.dot(a, aOff, b, bOff, n, bound, VectorApi.sumInOrder(lanes));
    }
}
