package org.mimo4j.engine.ops.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.PoolShape;

/**
 * The host max-pool loops against the definition: an in-order scan of each window that keeps the
 * first element no later one exceeds ({@code >}), padding never winning. Values include ties, NaNs
 * and zeros of both signs, where a faster formulation could pick another element or sign.
 */
class MaxPoolWindowsTest {

    @Test
    void halvingPoolPicksTheSameElementAsAnInOrderScan() {
        for (int[] hw : new int[][] {{28, 28}, {7, 9}, {3, 2}, {2, 5}, {13, 3}}) {
            check(new PoolShape(3, 2, hw[0], hw[1], 2, 2, 0), 11 + hw[0]);
        }
    }

    /**
     * Without NaNs whole vector groups take the Vector API path (a NaN sends its group to the scalar loop);
     * the shapes have rows shorter and longer than a vector, odd sizes, and enough planes that the work
     * is split in chunks, whose last rows must not write into the next chunk.
     */
    @Test
    void theVectorPathPicksTheSameElementAsAnInOrderScanOnNanFreeInputs() {
        int[][] shapes = {{32, 16, 28, 28}, {8, 32, 14, 14}, {4, 3, 34, 36}, {2, 5, 64, 66}, {3, 2, 31, 33}, {1, 1, 2, 40}};
        for (int[] s : shapes) {
            PoolShape p = new PoolShape(s[0], s[1], s[2], s[3], 2, 2, 0);
            float[] x = values(new Random(s[2] + s[3]), p.inputSize(), false);
            check(p, x, false);
            if (MaxPoolWindows.SIMD) {
                check(p, x, true);
            }
        }
    }

    @Test
    void otherWindowsPickTheSameElementAsAnInOrderScan() {
        check(new PoolShape(2, 3, 9, 7, 3, 2, 1), 5);
        check(new PoolShape(1, 2, 5, 6, 2, 1, 1), 6);
        check(new PoolShape(2, 1, 8, 8, 3, 3, 0), 7);
        check(new PoolShape(1, 1, 1, 1, 1, 1, 0), 8);
    }

    @Test
    void aNanFirstInItsWindowWinsAndALaterNanNeverDoes() {
        float nan = Float.NaN;
        float[] x = {nan, 5f, 1f, 2f, /* second window */ 1f, nan, 3f, 2f};
        PoolShape p = new PoolShape(1, 2, 2, 2, 2, 2, 0);
        float[] y = new float[2];
        int[] arg = new int[2];
        MaxPoolWindows.pool(p, x, y, arg);
        assertArrayEquals(new int[] {0, 6}, arg);
        assertEquals(Float.floatToRawIntBits(nan), Float.floatToRawIntBits(y[0]));
        assertEquals(3f, y[1]);
    }

    @Test
    void aNegativeZeroFirstInItsWindowKeepsItsSign() {
        float[] x = {-0f, 0f, -1f, -0f};
        float[] y = new float[1];
        int[] arg = new int[1];
        MaxPoolWindows.pool(new PoolShape(1, 1, 2, 2, 2, 2, 0), x, y, arg);
        assertEquals(0, arg[0]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(y[0]));
    }

    private static void check(PoolShape p, long seed) {
        float[] x = values(new Random(seed), p.inputSize(), true);
        check(p, x, false);
        if (MaxPoolWindows.SIMD) {
            check(p, x, true);
        }
    }

    private static void check(PoolShape p, float[] x, boolean simd) {
        float[] y = new float[p.outputSize()];
        int[] arg = new int[y.length];
        MaxPoolWindows.pool(p, x, y, arg, simd);
        int[] want = reference(p, x);
        assertArrayEquals(want, arg, p + (simd ? " (vector path)" : ""));
        for (int o = 0; o < y.length; o++) {
            assertEquals(Float.floatToRawIntBits(x[want[o]]), Float.floatToRawIntBits(y[o]), p + " output " + o
                    + (simd ? " (vector path)" : ""));
        }
    }

    /** Mostly distinct values, with runs of ties, signed zeros, infinities and (if asked) NaNs mixed in. */
    private static float[] values(Random r, int n, boolean nans) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(nans ? 10 : 9) + (nans ? 0 : 1);
            x[i] = switch (kind) {
                case 0 -> Float.NaN;
                case 5 -> r.nextInt(40) == 0 ? Float.NEGATIVE_INFINITY : (float) r.nextGaussian();
                case 6 -> r.nextInt(40) == 0 ? Float.POSITIVE_INFINITY : (float) r.nextGaussian();
                case 1 -> -0f;
                case 2 -> 0f;
                case 3, 4 -> r.nextInt(3) - 1f;
                default -> (float) r.nextGaussian();
            };
        }
        return x;
    }

    private static int[] reference(PoolShape p, float[] d) {
        int[] arg = new int[p.outputSize()];
        int o = 0;
        for (int plane = 0; plane < p.n() * p.c(); plane++) {
            int base = plane * p.h() * p.w();
            for (int oy = 0; oy < p.outH(); oy++) {
                for (int ox = 0; ox < p.outW(); ox++, o++) {
                    int best = -1;
                    for (int ky = 0; ky < p.kernel(); ky++) {
                        for (int kx = 0; kx < p.kernel(); kx++) {
                            int iy = oy * p.stride() - p.padding() + ky, ix = ox * p.stride() - p.padding() + kx;
                            boolean inside = iy >= 0 && iy < p.h() && ix >= 0 && ix < p.w();
                            if (inside && (best < 0 || d[base + iy * p.w() + ix] > d[best])) {
                                best = base + iy * p.w() + ix;
                            }
                        }
                    }
                    arg[o] = best;
                }
            }
        }
        return arg;
    }
}
