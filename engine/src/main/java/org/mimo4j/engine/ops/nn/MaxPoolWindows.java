package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.backend.PoolShape;
import org.mimo4j.engine.ops.HostChunks;
import org.mimo4j.engine.ops.VectorApi;

/**
 * The host loops of {@link MaxPool2d}'s forward: the maximum and its index for every window, planes
 * spread over the backend's threads ({@link HostChunks}; each plane's outputs are its own).
 */
final class MaxPoolWindows {
    /** Whether the 2x2 halving pool runs on the Vector API ({@link HalvingPoolSimd}); fixed for the JVM. */
    static final boolean SIMD = VectorApi.usable(() -> HalvingPoolSimd.lanes());

    private MaxPoolWindows() {
    }

    /**
     * y = the maximum of each window of d, arg = its index in d (the first one on ties, and a NaN only
     * where it comes first in its window, as in an in-order scan with {@code >}). The geometry is
     * hoisted out of the loops: the record's outH()/outW() divide on every call.
     */
    static void pool(PoolShape p, float[] d, float[] y, int[] arg) {
        pool(p, d, y, arg, SIMD);
    }

    /** {@link #pool} with or without the Vector API (for tests; {@code simd} needs the module). */
    static void pool(PoolShape p, float[] d, float[] y, int[] arg, boolean simd) {
        int h = p.h(), w = p.w(), outH = p.outH(), outW = p.outW();
        boolean halving = p.kernel() == 2 && p.stride() == 2 && p.padding() == 0;
        HostChunks.forEach(p.n() * p.c(), planesPerChunk(p), (first, end) -> {
            int oEnd = end * outH * outW;
            for (int plane = first, o = first * outH * outW; plane < end; plane++) {
                int base = plane * h * w;
                for (int oy = 0; oy < outH; oy++, o += outW) {
                    if (halving) {
                        int top = base + 2 * oy * w;
                        int done = simd ? HalvingPoolSimd.row(d, top, w, outW, y, arg, o, oEnd) : 0;
                        halvingRow(d, top, w, done, outW, y, arg, o);
                    } else {
                        windowRow(p, d, base, oy, y, arg, o);
                    }
                }
            }
        });
    }

    /** Planes per chunk of work: about {@link HostChunks#GRAIN} input elements. */
    static int planesPerChunk(PoolShape p) {
        return Math.max(1, HostChunks.GRAIN / Math.max(1, p.h() * p.w()));
    }

    /** One output row of any window: each window is clipped to the input, then scanned in order. */
    private static void windowRow(PoolShape p, float[] d, int base, int oy, float[] y, int[] arg, int o) {
        int h = p.h(), w = p.w(), k = p.kernel(), stride = p.stride(), pad = p.padding();
        int y0 = Math.max(0, oy * stride - pad), y1 = Math.min(h, oy * stride - pad + k);
        for (int ox = 0, outW = p.outW(); ox < outW; ox++, o++) {
            int x0 = Math.max(0, ox * stride - pad), x1 = Math.min(w, ox * stride - pad + k);
            int best = base + y0 * w + x0;
            for (int iy = y0; iy < y1; iy++) {
                for (int i = base + iy * w + x0, end = base + iy * w + x1; i < end; i++) {
                    if (d[i] > d[best]) {
                        best = i;
                    }
                }
            }
            arg[o] = best;
            y[o] = d[best];
        }
    }

    /**
     * Windows [from, outW) of one output row of 2x2 windows at stride 2 (the common halving pool) from input
     * row {@code top}, whose outputs start at {@code row}.
     * The running maximum is Math.max and the index a conditional select, so random data costs no
     * mispredicted branches (2-3x faster than {@link #windowRow}). Math.max differs from the in-order
     * scan only where a NaN takes part (then the maximum is NaN, and the window is redone exactly) and
     * in the sign of a zero maximum (so y is read back at the index, which the comparisons got right).
     */
    private static void halvingRow(float[] d, int top, int w, int from, int outW, float[] y, int[] arg, int row) {
        for (int ox = from, o = row + from; ox < outW; ox++, o++) {
            int i0 = top + 2 * ox;
            float m = d[i0], x1 = d[i0 + 1], x2 = d[i0 + w], x3 = d[i0 + w + 1];
            int at = 0;
            at = x1 > m ? 1 : at;
            m = Math.max(x1, m);
            at = x2 > m ? 2 : at;
            m = Math.max(x2, m);
            at = x3 > m ? 3 : at;
            m = Math.max(x3, m);
            if (m != m) {
                at = firstMaxOf2x2(d, i0, w);
            }
            int best = i0 + (at & 1) + (at >> 1) * w;
            arg[o] = best;
            y[o] = d[best];
        }
    }

    /** Position (0..3, row-major) of the first element of the 2x2 window at i0 that no later one exceeds. */
    private static int firstMaxOf2x2(float[] d, int i0, int w) {
        int at = 0;
        for (int j = 1; j < 4; j++) {
            if (d[i0 + (j & 1) + (j >> 1) * w] > d[i0 + (at & 1) + (at >> 1) * w]) {
                at = j;
            }
        }
        return at;
    }
}
