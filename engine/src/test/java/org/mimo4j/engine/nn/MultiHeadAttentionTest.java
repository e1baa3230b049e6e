package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class MultiHeadAttentionTest {

    /** y[b, s, :] of a Linear computed in double. */
    private static double[][][] project(Linear l, Tensor x) {
        int b = x.size(0);
        int s = x.size(1);
        int in = x.size(2);
        int out = l.weight().shape()[0];
        double[][][] y = new double[b][s][out];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < s; t++) {
                for (int o = 0; o < out; o++) {
                    double acc = l.bias().data()[o];
                    for (int k = 0; k < in; k++) {
                        acc += x.get(i, t, k) * l.weight().tensor().get(o, k);
                    }
                    y[i][t][o] = acc;
                }
            }
        }
        return y;
    }

    private static Linear child(MultiHeadAttention m, String name) {
        return (Linear) m.children().get(name);
    }

    /** The textbook definition, head by head, in double. */
    private static double[][][] reference(MultiHeadAttention m, Tensor x, int heads, float[] mask) {
        double[][][] q = project(child(m, "q_proj"), x);
        double[][][] k = project(child(m, "k_proj"), x);
        double[][][] v = project(child(m, "v_proj"), x);
        int b = x.size(0);
        int s = x.size(1);
        int d = x.size(2);
        int dh = d / heads;
        double[][][] concat = new double[b][s][d];
        for (int i = 0; i < b; i++) {
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < s; t++) {
                    double[] score = new double[s];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u < s; u++) {
                        double dot = 0;
                        for (int e = 0; e < dh; e++) {
                            dot += q[i][t][h * dh + e] * k[i][u][h * dh + e];
                        }
                        score[u] = dot / Math.sqrt(dh) + (mask == null ? 0 : mask[t * s + u]);
                        max = Math.max(max, score[u]);
                    }
                    double z = 0;
                    for (int u = 0; u < s; u++) {
                        score[u] = Math.exp(score[u] - max);
                        z += score[u];
                    }
                    for (int u = 0; u < s; u++) {
                        for (int e = 0; e < dh; e++) {
                            concat[i][t][h * dh + e] += score[u] / z * v[i][u][h * dh + e];
                        }
                    }
                }
            }
        }
        float[] flat = new float[b * s * d];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < s; t++) {
                for (int e = 0; e < d; e++) {
                    flat[(i * s + t) * d + e] = (float) concat[i][t][e];
                }
            }
        }
        return project(child(m, "out_proj"), Tensor.of(flat, b, s, d));
    }

    private static void assertMatches(double[][][] expected, Tensor y) {
        for (int i = 0; i < expected.length; i++) {
            for (int t = 0; t < expected[i].length; t++) {
                for (int e = 0; e < expected[i][t].length; e++) {
                    assertEquals(expected[i][t][e], y.get(i, t, e), 1e-4, "y[" + i + "," + t + "," + e + "]");
                }
            }
        }
    }

    private static void randomBiases(MultiHeadAttention m, Rng rng) {
        m.namedParameters().forEach((n, p) -> {
            if (n.endsWith("bias")) {
                Init.normal(p.tensor(), 0.5, rng);
            }
        });
    }

    @Test
    void selfAttentionMatchesTheHeadByHeadDefinition() {
        Rng rng = new Rng(21);
        MultiHeadAttention m = new MultiHeadAttention(8, 2, rng);
        randomBiases(m, rng);
        Tensor x = Tensor.randn(rng, 2, 5, 8);
        assertMatches(reference(m, x, 2, null), m.forward(x));
    }

    @Test
    void causalMaskHidesTheFuture() {
        Rng rng = new Rng(22);
        MultiHeadAttention m = new MultiHeadAttention(6, 3, rng);
        randomBiases(m, rng);
        Tensor x = Tensor.randn(rng, 1, 4, 6);
        float[] mask = new float[16];
        for (int t = 0; t < 4; t++) {
            for (int u = t + 1; u < 4; u++) {
                mask[t * 4 + u] = Float.NEGATIVE_INFINITY;
            }
        }
        Tensor y = m.forward(x, x, x, Tensor.of(mask, 4, 4));
        assertMatches(reference(m, x, 3, mask), y);
        Tensor prefix = x.slice(1, 0, 2).contiguous();
        Tensor yPrefix = m.forward(prefix, prefix, prefix, Tensor.of(new float[] {0, Float.NEGATIVE_INFINITY, 0, 0}, 2, 2));
        assertArrayEquals(y.slice(1, 0, 2).contiguous().data(), yPrefix.data(), 1e-5f);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Rng rng = new Rng(23);
        MultiHeadAttention m = new MultiHeadAttention(4, 2, rng);
        ModuleGradCheck.check("MultiHeadAttention", m, m::forward, Tensor.randn(rng, 2, 3, 4), rng, 4);
    }

    @Test
    void modelWidthNotDivisibleByHeadsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(10, 4, new Rng(1)));
    }
}
