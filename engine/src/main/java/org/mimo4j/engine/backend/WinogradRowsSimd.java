package org.mimo4j.engine.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link WinogradRowsConv}'s transforms; only loaded when {@code jdk.incubator.vector}
 * is present. Whole vectors here, the tail through the scalar loops; lanewise the same operations in the
 * same order, so the bits are the scalar path's. (The JIT of JDK 17 leaves the scalar loops scalar: they
 * read one array and write another at different offsets, which it cannot prove apart.)
 */
final class WinogradRowsSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private WinogradRowsSimd() {
    }

    static int lanes() {
        return S.length();
    }

    /** {@link WinogradRowsConv#transformInput(float[], int, int, int, float[], int, int, int, int)}. */
    static void transformInput(float[] grid, int even, int odd, int line, float[] planes, int o, int size, int span) {
        int bound = S.loopBound(span);
        for (int j = 0; j < bound; j += S.length()) {
            FloatVector e0 = FloatVector.fromArray(S, grid, even + j), e1 = FloatVector.fromArray(S, grid, even + line + j);
            FloatVector o0 = FloatVector.fromArray(S, grid, odd + j), o1 = FloatVector.fromArray(S, grid, odd + line + j);
            e0.sub(e1).intoArray(planes, o + j);
            o0.add(e1).intoArray(planes, size + o + j);
            e1.sub(o0).intoArray(planes, 2 * size + o + j);
            o0.sub(o1).intoArray(planes, 3 * size + o + j);
        }
        WinogradRowsConv.transformInput(grid, even, odd, line, planes, o, size, span, bound);
    }

    /** {@link WinogradRowsConv#sumAndDifference(float[], int, int)}. */
    static void sumAndDifference(float[] u, int size) {
        int bound = S.loopBound(size);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, u, i), o = FloatVector.fromArray(S, u, 3 * size + i);
            e.add(o).intoArray(u, size + i);
            e.sub(o).intoArray(u, 2 * size + i);
        }
        WinogradRowsConv.sumAndDifference(u, size, bound);
    }

    /**
     * One output plane of outH x outW at dst[out], row oy from the products at q + (oy / 2) * line. Rows
     * are written in whole vectors, the last one of a row spilling into the row below, which is written
     * after it; the pairs whose vectors would reach past the plane go through {@code rows} (at least two
     * rows of whole vectors) and are copied from there. Each row is its own loop: one loop choosing between
     * the two rows per vector would defeat the JIT's unboxing of vectors.
     */
    static void transformOutput(float[] m, int q, int plane, int line, float b, float[] dst, int out, int outH,
                                int outW, float[] rows) {
        FloatVector bias = FloatVector.broadcast(S, b);
        int reach = reach(outW), pixels = outH * outW, safe = pixels < reach ? 0 : (pixels - reach) / outW + 1, oy = 0;
        for (; oy + 1 < safe; oy += 2) {
            int j = q + (oy >> 1) * line, to = out + oy * outW;
            pair(m, j, plane, bias, outW, dst, to, to + outW);
        }
        for (; oy < outH; oy += 2) {
            pair(m, q + (oy >> 1) * line, plane, bias, outW, rows, 0, reach);
            System.arraycopy(rows, 0, dst, out + oy * outW, outW);
            if (oy + 1 < outH) {
                System.arraycopy(rows, reach, dst, out + (oy + 1) * outW, outW);
            }
        }
    }

    /** Floats of an output row in whole vectors. */
    static int reach(int outW) {
        return (outW + S.length() - 1) / S.length() * S.length();
    }

    /** The two rows of a pair, in whole vectors from dst[first] and dst[second]: the first row's, then the second's. */
    private static void pair(float[] m, int j, int plane, FloatVector bias, int outW, float[] dst, int first, int second) {
        for (int x = 0; x < outW; x += S.length()) {
            FloatVector m1 = FloatVector.fromArray(S, m, plane + j + x), m2 = FloatVector.fromArray(S, m, 2 * plane + j + x);
            bias.add(FloatVector.fromArray(S, m, j + x).add(m1).add(m2)).intoArray(dst, first + x);
        }
        for (int x = 0; x < outW; x += S.length()) {
            FloatVector m1 = FloatVector.fromArray(S, m, plane + j + x), m2 = FloatVector.fromArray(S, m, 2 * plane + j + x);
            bias.add(m1.sub(m2).sub(FloatVector.fromArray(S, m, 3 * plane + j + x))).intoArray(dst, second + x);
        }
    }
}
