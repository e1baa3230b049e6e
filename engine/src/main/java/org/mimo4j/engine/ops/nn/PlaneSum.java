package org.mimo4j.engine.ops.nn;

/**
 * The sum of a run of floats in double precision, as the bias gradients need it (a conv layer's bias
 * gradient sums each (image, channel) plane of dy). Sixteen partial sums run side by side, element i
 * going to partial i mod 16, and are combined in a fixed tree at the end, so the bits are the same on any
 * machine: one running sum waits on the add latency at every element, and even four made the bias gradient
 * about 7 % of a small-CNN step on one thread.
 *
 * <p>The partials are sixteen locals, which the JIT keeps in registers, not Vector API code: this class's
 * Vector API path (until session 28) loaded 128-bit float vectors, and one use of a FloatVector shape other
 * than the preferred one anywhere in the JVM can make the JIT compile the SGEMM microkernel with its
 * accumulators boxed ({@code VectorMicrokernel}'s class comment): the AV-Digits step then took 4x its time in
 * one JVM in three. Measured alone (warm, 6272 floats): 0.3 ns a float here against 0.1 for that path.
 */
final class PlaneSum {
    /** Partial sums. */
    static final int PARTIALS = 16;

    private PlaneSum() {
    }

    /** The sum of v[from, from + len), with {@code partials} (PARTIALS doubles, reused by the caller) as work space. */
    static double of(float[] v, int from, int len, double[] partials) {
        int end = from + len;
        int i = accumulate(v, from, end, partials);
        for (; i < end; i++) {
            partials[0] += v[i];
        }
        return combine(partials);
    }

    /**
     * p[j] := the sum of v[i] over the whole blocks of 16 in [from, end) with (i - from) mod 16 = j, each in
     * order; returns where the blocks end.
     */
    private static int accumulate(float[] v, int from, int end, double[] p) {
        double p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
        double p8 = 0, p9 = 0, p10 = 0, p11 = 0, p12 = 0, p13 = 0, p14 = 0, p15 = 0;
        int i = from;
        for (; i + PARTIALS <= end; i += PARTIALS) {
            p0 += v[i];
            p1 += v[i + 1];
            p2 += v[i + 2];
            p3 += v[i + 3];
            p4 += v[i + 4];
            p5 += v[i + 5];
            p6 += v[i + 6];
            p7 += v[i + 7];
            p8 += v[i + 8];
            p9 += v[i + 9];
            p10 += v[i + 10];
            p11 += v[i + 11];
            p12 += v[i + 12];
            p13 += v[i + 13];
            p14 += v[i + 14];
            p15 += v[i + 15];
        }
        p[0] = p0;
        p[1] = p1;
        p[2] = p2;
        p[3] = p3;
        p[4] = p4;
        p[5] = p5;
        p[6] = p6;
        p[7] = p7;
        p[8] = p8;
        p[9] = p9;
        p[10] = p10;
        p[11] = p11;
        p[12] = p12;
        p[13] = p13;
        p[14] = p14;
        p[15] = p15;
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
