package org.mimo4j.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class SgdTest {

    /** Replays {@link Sgd}'s documented rule in double for five steps. */
    private static void checkAgainstReference(float lr, float mu, boolean nesterov, float wd) {
        OptimizerFixture f = new OptimizerFixture(11);
        Sgd sgd = new Sgd(f.params, lr, mu, nesterov, wd);
        double[][] buf = new double[f.w.length][];
        for (int i = 0; i < buf.length; i++) {
            buf[i] = new double[f.w[i].length];
        }
        for (int step = 0; step < 5; step++) {
            double[][] g = f.randomGradients();
            sgd.step();
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < g[i].length; j++) {
                    double gi = g[i][j] + wd * f.w[i][j];
                    buf[i][j] = mu * buf[i][j] + gi;
                    double d = mu == 0 ? gi : nesterov ? gi + mu * buf[i][j] : buf[i][j];
                    f.w[i][j] -= lr * d;
                }
            }
            f.assertMatches("Sgd(mu=" + mu + ", nesterov=" + nesterov + ", wd=" + wd + ") step " + (step + 1), 1e-5);
        }
    }

    @Test
    void plainStepIsMinusLearningRateTimesGradient() {
        checkAgainstReference(0.1f, 0f, false, 0f);
    }

    @Test
    void momentumMatchesReference() {
        checkAgainstReference(0.05f, 0.9f, false, 0f);
    }

    @Test
    void nesterovMatchesReference() {
        checkAgainstReference(0.05f, 0.9f, true, 0f);
    }

    @Test
    void weightDecayMatchesReference() {
        checkAgainstReference(0.05f, 0.5f, false, 0.01f);
    }

    @Test
    void parameterWithoutGradientIsUntouched() {
        Parameter p = new Parameter(Tensor.randn(new Rng(1), 4));
        float[] before = p.data().clone();
        new Sgd(java.util.Map.of("p", p), 0.1f, 0.9f, false, 0.1f).step();
        assertArrayEquals(before, p.data());
    }

    @Test
    void nesterovWithoutMomentumIsRefused() {
        OptimizerFixture f = new OptimizerFixture(1);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(f.params, 0.1f, 0f, true, 0f));
    }

    /** On 2 threads the update runs in chunks; every element of a many-chunk weight gets one plain loop's bits. */
    @Test
    void aLargeWeightGetsTheBitsOfOneLoopOnTwoThreads() {
        OptimizerFixture.onTwoThreads(() -> {
            int n = OptimizerFixture.LARGE;
            float[] w = OptimizerFixture.large(21);
            float[] g = OptimizerFixture.large(22);
            float[] b = OptimizerFixture.large(23);
            float[] wRef = w.clone();
            float[] bRef = b.clone();
            Sgd.apply(w, g, b, 0.1f, 0.9f, true, 0.01f);
            for (int i = 0; i < n; i++) {
                float gi = g[i] + 0.01f * wRef[i];
                bRef[i] = 0.9f * bRef[i] + gi;
                wRef[i] -= 0.1f * (gi + 0.9f * bRef[i]);
            }
            assertArrayEquals(wRef, w);
            assertArrayEquals(bRef, b);
        });
    }
}
