package org.mimo4j.engine.ops.elementwise;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link Relu}'s backward; only loaded when {@code jdk.incubator.vector} is
 * present. The scalar loop needs a bit trick to stay branch-free ({@link Branchless}) and then does not
 * vectorise; here a lane compare and a blend do the same selection a vector at a time.
 */
final class ReluSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ReluSimd() {
    }

    static int lanes() {
        return S.length();
    }

    /**
     * gx[i] = gy[i] where x[i] > 0 or x[i] is a NaN with its sign bit clear, else +0, for the whole vectors
     * of [from, to); returns where the scalar loop takes over. That is {@link Branchless#passIfPositive}'s
     * rule, and exactly the floats whose raw bits are positive as an int: one integer compare. (A float
     * compare, x <= 0, passes every NaN, and x86 arithmetic makes NaNs with the sign bit set.)
     */
    static int backward(float[] x, float[] gy, float[] gx, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            VectorMask<Float> block = FloatVector.fromArray(S, x, i).reinterpretAsInts().compare(VectorOperators.LE, 0)
                    .cast(S);
            FloatVector.fromArray(S, gy, i).blend(0f, block).intoArray(gx, i);
        }
        return i;
    }
}
