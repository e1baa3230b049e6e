package org.mimo4j.engine.ops.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link MaxPoolWindows}' 2x2, stride-2 pool; only loaded when
 * {@code jdk.incubator.vector} is present. One vector holds as many windows side by side: the two input
 * rows are loaded two vectors each and split into even and odd columns, each window's top pair and
 * bottom pair are compared, then the two winners. That is the in-order scan's answer whenever no NaN
 * takes part (a strictly greater later element wins, the first one wins ties); a vector group with a
 * NaN is left to the scalar loop.
 */
final class HalvingPoolSimd {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    // Even (odd) columns of a pair of vectors a, b: lane j < L/2 is a[2j (+1)], lane j >= L/2 is b[2j (+1) - L].
    // One in-range shuffle per vector and a blend: the two-vector rearrange rebuilds its shuffle on every call.
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(F, j -> 2 * j % L);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(F, j -> (2 * j + 1) % L);
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(F, -1L << (L / 2));
    /** Lane j: 2 j, the offset of window j's first element from the group's. */
    private static final IntVector TWICE_LANE = IntVector.zero(I).addIndex(2);

    private HalvingPoolSimd() {
    }

    /** Windows per vector; 0 when float and int vectors differ in lane count (the scalar loop then does all). */
    static int lanes() {
        return I.length() == L ? L : 0;
    }

    /**
     * The windows of one output row from its start, a vector group at a time, while a group's loads stay
     * inside d and its stores before {@code oLimit}; returns the first window left to the scalar loop.
     * The last group may run past the row: its extra lanes land on the next row's outputs, which are
     * computed (and stored) after it, so they are overwritten, and never beyond {@code oLimit}, the end
     * of the outputs this thread owns.
     */
    static int row(float[] d, int top, int w, int outW, float[] y, int[] arg, int o, int oLimit) {
        int ox = 0;
        for (; ox < outW && o + ox + L <= oLimit && top + w + 2 * ox + 2 * L <= d.length; ox += L) {
            int i0 = top + 2 * ox;
            FloatVector t0 = FloatVector.fromArray(F, d, i0), t1 = FloatVector.fromArray(F, d, i0 + L);
            FloatVector b0 = FloatVector.fromArray(F, d, i0 + w), b1 = FloatVector.fromArray(F, d, i0 + w + L);
            // Written out rather than a helper taking vectors, which the JIT may leave un-inlined and box.
            FloatVector x0 = t0.rearrange(EVEN).blend(t1.rearrange(EVEN), UPPER);
            FloatVector x1 = t0.rearrange(ODD).blend(t1.rearrange(ODD), UPPER);
            FloatVector x2 = b0.rearrange(EVEN).blend(b1.rearrange(EVEN), UPPER);
            FloatVector x3 = b0.rearrange(ODD).blend(b1.rearrange(ODD), UPPER);
            if (x0.add(x1).add(x2).add(x3).test(VectorOperators.IS_NAN).anyTrue()) {
                break; // a NaN (or infinities of both signs): the scalar loop's exact scan takes the rest
            }
            VectorMask<Float> right = x1.compare(VectorOperators.GT, x0);
            VectorMask<Float> bottomRight = x3.compare(VectorOperators.GT, x2);
            FloatVector top2 = x0.blend(x1, right), bottom2 = x2.blend(x3, bottomRight);
            VectorMask<Float> bottom = bottom2.compare(VectorOperators.GT, top2);
            top2.blend(bottom2, bottom).intoArray(y, o + ox);
            IntVector first = TWICE_LANE.add(i0);
            IntVector topAt = first.add(1, right.cast(I));
            IntVector bottomAt = first.add(w).add(1, bottomRight.cast(I));
            topAt.blend(bottomAt, bottom.cast(I)).intoArray(arg, o + ox);
        }
        return Math.min(ox, outW);
    }
}
