package org.mimo4j.engine.ops.nn;

import java.util.Arrays;
import org.mimo4j.engine.ops.VectorApi;

/**
 * The sum of a run of floats in double precision, as the bias gradients need it (a conv layer's bias
 * gradient sums each (image, channel) plane of dy). Sixteen partial sums run side by side, element i
 * going to partial i mod 16, and are combined in a fixed tree at the end, so the bits are the same with
 * or without the Vector API and on any machine: one running sum waits on the add latency at every
 * element, and even four made the bias gradient about 7 % of a small-CNN step on one thread.
 */
final class PlaneSum {
    /** Partial sums; the SIMD path holds them as four vectors of four doubles. */
    static final int PARTIALS = 16;
    static final boolean SIMD = VectorApi.usable(() -> PlaneSumSimd.lanes());

    private PlaneSum() {
    }

    /** The sum of v[from, from + len), with {@code partials} (PARTIALS doubles, reused by the caller) as work space. */
    static double of(float[] v, int from, int len, double[] partials) {
        return of(v, from, len, SIMD, partials);
    }

    /** The sum with or without the Vector API (for tests; {@code simd} needs the module). */
    static double of(float[] v, int from, int len, boolean simd) {
        return of(v, from, len, simd, new double[PARTIALS]);
    }

    private static double of(float[] v, int from, int len, boolean simd, double[] p) {
        Arrays.fill(p, 0.0);
        int end = from + len;
        int i = simd ? PlaneSumSimd.accumulate(v, from, end, p) : accumulate(v, from, end, p);
        for (; i < end; i++) {
            p[0] += v[i];
        }
        return combine(p);
    }

    /**
     * p[j] += v[i] for the whole blocks of 16 in [from, end), element i to partial (i - from) mod 16;
     * returns where the blocks end.
     */
    private static int accumulate(float[] v, int from, int end, double[] p) {
        int i = from;
        for (; i + PARTIALS <= end; i += PARTIALS) {
            for (int j = 0; j < PARTIALS; j++) {
                p[j] += v[i + j];
            }
        }
        return i;
    }

    /** The partials summed pairwise, neighbours first. */
    static double combine(double[] p) {
        for (int width = PARTIALS / 2; width >= 1; width /= 2) {
            for (int j = 0; j < width; j++) {
                p[j] = p[2 * j] + p[2 * j + 1];
            }
        }
        return p[0];
    }
}
