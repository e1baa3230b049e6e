package org.mimo4j.engine.ops.nn;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaneSumTest {
    private static final int[] LENGTHS = {0, 1, 3, 15, 16, 17, 31, 33, 196, 784, 1000, 4099};

    private static float[] values(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(7) - 3));
        }
        return v;
    }

    /** PlaneSum.of with work space of its own. */
    private static double sum(float[] v, int from, int len) {
        return PlaneSum.of(v, from, len, new double[PlaneSum.PARTIALS]);
    }

    @Test
    void sumsWithinDoubleRoundingOfTheExactSum() {
        Random r = new Random(1);
        for (int len : LENGTHS) {
            for (int from : new int[] {0, 5}) {
                float[] v = values(r, from + len + 3);
                BigDecimal exact = BigDecimal.ZERO;
                double magnitude = 0;
                for (int i = from; i < from + len; i++) {
                    exact = exact.add(new BigDecimal(v[i]));
                    magnitude += Math.abs(v[i]);
                }
                double got = sum(v, from, len);
                assertEquals(exact.doubleValue(), got, 1e-15 * len * magnitude + Double.MIN_VALUE,
                        "length " + len + ", from " + from);
            }
        }
    }

    /** Every length and offset gets the bits of the documented order, written out here one element at a time. */
    @Test
    void theBitsAreThoseOfPartialsByPositionAndThePairwiseTree() {
        Random r = new Random(2);
        for (int len : LENGTHS) {
            float[] v = values(r, len + 7);
            for (int from = 0; from < 7; from += 3) {
                double[] p = new double[PlaneSum.PARTIALS];
                int blocks = len / PlaneSum.PARTIALS * PlaneSum.PARTIALS;
                for (int i = 0; i < len; i++) {
                    p[i < blocks ? i % PlaneSum.PARTIALS : 0] += v[from + i];
                }
                assertEquals(Double.doubleToRawLongBits(PlaneSum.combine(p)),
                        Double.doubleToRawLongBits(sum(v, from, len)), "length " + len + ", from " + from);
            }
        }
    }

    @Test
    void theOrderIsPartialsByPositionThenAPairwiseTree() {
        // 2^53 swallows a 1 added to it alone; the fixed order decides which ones survive
        float[] v = new float[33];
        v[0] = 0x1p53f;
        for (int i = 1; i < v.length; i++) {
            v[i] = 1f;
        }
        double[] p = new double[PlaneSum.PARTIALS];
        for (int i = 0; i < 32; i++) {
            p[i % 16] += v[i];
        }
        p[0] += v[32];
        double expected = PlaneSum.combine(p);
        assertEquals(expected, sum(v, 0, v.length));
    }

    @Test
    void aNaNOrAnInfinityReachesTheSum() {
        for (int at : new int[] {0, 9, 16, 40}) {
            float[] v = values(new Random(at), 41);
            v[at] = Float.NaN;
            assertTrue(Double.isNaN(sum(v, 0, v.length)), "NaN at " + at);
            v[at] = Float.POSITIVE_INFINITY;
            assertEquals(Double.POSITIVE_INFINITY, sum(v, 0, v.length), "Inf at " + at);
        }
    }
}
