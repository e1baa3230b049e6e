package org.mimo4j.engine.ops.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link PlaneSum}; only loaded when {@code jdk.incubator.vector} is present.
 * Four floats at a time widen to four doubles (256-bit vectors, so AVX2 and AVX-512 run the same
 * partials), into four accumulators: sixteen partial sums, as the scalar path keeps them.
 */
final class PlaneSumSimd {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;

    private PlaneSumSimd() {
    }

    static int lanes() {
        return D.length();
    }

    /** The scalar {@code PlaneSum.accumulate}'s blocks of 16, a vector per four partials. */
    static int accumulate(float[] v, int from, int end, double[] p) {
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        int i = from;
        for (; i + PlaneSum.PARTIALS <= end; i += PlaneSum.PARTIALS) {
            a0 = a0.add(widen(v, i));
            a1 = a1.add(widen(v, i + 4));
            a2 = a2.add(widen(v, i + 8));
            a3 = a3.add(widen(v, i + 12));
        }
        a0.intoArray(p, 0);
        a1.intoArray(p, 4);
        a2.intoArray(p, 8);
        a3.intoArray(p, 12);
        return i;
    }

    private static DoubleVector widen(float[] v, int i) {
        return (DoubleVector) FloatVector.fromArray(F, v, i).convertShape(VectorOperators.F2D, D, 0);
    }
}
