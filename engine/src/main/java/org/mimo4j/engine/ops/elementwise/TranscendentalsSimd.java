package org.mimo4j.engine.ops.elementwise;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link Transcendentals}; only loaded when {@code jdk.incubator.vector} is
 * present. Whole vectors go through the lanewise operator, the tail through the scalar loop.
 */
final class TranscendentalsSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private TranscendentalsSimd() {
    }

    static int lanes() {
        return S.length();
    }

    // Each loop names its operator as a constant: the JIT only turns lanewise(op) into SIMD math
    // when op is a compile-time constant (passed as a parameter it fell back to a ~50x slower path).

    static void exp(float[] x, float[] y) {
        int bound = S.loopBound(y.length);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
        }
        Transcendentals.expScalar(x, y, bound);
    }

    static void log(float[] x, float[] y) {
        int bound = S.loopBound(y.length);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.LOG).intoArray(y, i);
        }
        Transcendentals.logScalar(x, y, bound);
    }

    static void tanh(float[] x, float[] y) {
        int bound = S.loopBound(y.length);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
        }
        Transcendentals.tanhScalar(x, y, bound);
    }
}
