package org.mimo4j.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class AdamTest {

    /** Replays Adam (L2 or decoupled decay) in double for six steps. */
    static void checkAgainstReference(boolean decoupled, float wd) {
        OptimizerFixture f = new OptimizerFixture(23);
        float lr = 0.01f;
        float b1 = 0.9f;
        float b2 = 0.99f;
        float eps = 1e-6f;
        Optimizer opt = decoupled ? new AdamW(f.params, lr, b1, b2, eps, wd) : new Adam(f.params, lr, b1, b2, eps, wd);
        double[][] m = new double[f.w.length][];
        double[][] v = new double[f.w.length][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[f.w[i].length];
            v[i] = new double[f.w[i].length];
        }
        for (int t = 1; t <= 6; t++) {
            double[][] g = f.randomGradients();
            opt.step();
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < g[i].length; j++) {
                    double gi = g[i][j] + (decoupled ? 0 : wd * f.w[i][j]);
                    if (decoupled) {
                        f.w[i][j] *= 1 - lr * wd;
                    }
                    m[i][j] = b1 * m[i][j] + (1 - b1) * gi;
                    v[i][j] = b2 * v[i][j] + (1 - b2) * gi * gi;
                    double mh = m[i][j] / (1 - Math.pow(b1, t));
                    double vh = v[i][j] / (1 - Math.pow(b2, t));
                    f.w[i][j] -= lr * mh / (Math.sqrt(vh) + eps);
                }
            }
            f.assertMatches((decoupled ? "AdamW" : "Adam") + "(wd=" + wd + ") step " + t, 1e-5);
        }
    }

    @Test
    void matchesReferenceWithoutDecay() {
        checkAgainstReference(false, 0f);
    }

    @Test
    void l2DecayEntersTheMoments() {
        checkAgainstReference(false, 0.1f);
    }

    /** On 2 threads the update runs in chunks; every element of a many-chunk weight gets one plain loop's bits. */
    @Test
    void aLargeWeightGetsTheBitsOfOneLoopOnTwoThreads() {
        OptimizerFixture.onTwoThreads(() -> {
            int n = OptimizerFixture.LARGE;
            float[] w = OptimizerFixture.large(21);
            float[] g = OptimizerFixture.large(22);
            float[] m = OptimizerFixture.large(23);
            float[] v = OptimizerFixture.large(24);
            for (int i = 0; i < n; i++) {
                v[i] = Math.abs(v[i]); // a second moment is never negative
            }
            float[] wRef = w.clone();
            float[] mRef = m.clone();
            float[] vRef = v.clone();
            Adam.apply(w, g, m, v, 0.1f, 0.9f, 0.999f, 1e-8f, 0.01f, 1f, 0.19f, 0.0447f);
            for (int i = 0; i < n; i++) {
                float gi = g[i] + 0.01f * wRef[i];
                mRef[i] = 0.9f * mRef[i] + (1 - 0.9f) * gi;
                vRef[i] = 0.999f * vRef[i] + (1 - 0.999f) * gi * gi;
                wRef[i] = wRef[i] * 1f - 0.1f * (mRef[i] / 0.19f) / ((float) Math.sqrt(vRef[i]) / 0.0447f + 1e-8f);
            }
            assertArrayEquals(wRef, w);
            assertArrayEquals(mRef, m);
            assertArrayEquals(vRef, v);
        });
    }
}
