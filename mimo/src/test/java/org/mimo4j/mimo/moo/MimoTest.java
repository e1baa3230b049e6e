package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

class MimoTest {

    private static Mimo mimo(int m, Mimo.Variant v, double gamma, double mu, double beta) {
        return new Mimo(m, new Mimo.Options(v, gamma, mu, beta));
    }

    private static double[] weights(Mimo mimo, double... losses) {
        return assertInstanceOf(Plan.BackpropWeighted.class, mimo.plan(losses, TestBanks.ctx(1))).weights();
    }

    @Test
    void penaltyWeightsAreTheAnalyticSoftmaxScaledByGamma() {
        Rng rng = new Rng(2);
        for (int trial = 0; trial < 50; trial++) {
            int m = 1 + rng.nextInt(6);
            double gamma = 0.1 + 5 * rng.nextDouble();
            double mu = 0.05 + 2 * rng.nextDouble();
            double[] f = new double[m + 1];
            for (int i = 0; i <= m; i++) {
                f[i] = 3 * rng.nextDouble();
            }
            double[] w = weights(mimo(m, Mimo.Variant.PENALTY, gamma, mu, 1), f);
            double z = 0;
            for (int i = 1; i <= m; i++) {
                z += Math.exp(f[i] / mu);
            }
            assertEquals(1, w[0], 0);
            for (int i = 1; i <= m; i++) {
                assertEquals(gamma * Math.exp(f[i] / mu) / z, w[i], 1e-12, "trial " + trial + ", modality " + i);
            }
        }
    }

    @Test
    void weightsStayFiniteForHugeLosses() {
        double[] w = weights(mimo(3, Mimo.Variant.PENALTY, 1, 0.01, 1), 1, 1e30, 5e29, 1e30);
        for (double x : w) {
            assertTrue(Double.isFinite(x), java.util.Arrays.toString(w));
        }
        assertEquals(0.5, w[1], 1e-12);
        assertEquals(0, w[2], 0);
        assertEquals(0.5, w[3], 1e-12);
    }

    @Test
    void hardPicksTheLargestSmoothedLoss() {
        Mimo hard = mimo(3, Mimo.Variant.HARD, 2, 1, 0.5);
        assertArrayEquals(new double[] {1, 0, 2, 0}, weights(hard, 0.1, 1, 5, 2), 0);
        // raw argmax is modality 3, but u = 0.5·(1, 5, 2) + 0.5·(0, 1, 3.5) = (0.5, 3, 2.75) favours modality 2
        assertArrayEquals(new double[] {1, 0, 2, 0}, weights(hard, 0.1, 0, 1, 3.5), 0);
        assertArrayEquals(new double[] {0.5, 3, 2.75}, hard.smoothedLosses(), 1e-12);
        // ties go to the first index: u = (2.5, 2.5, 2.5)
        Mimo tie = mimo(3, Mimo.Variant.HARD, 1, 1, 1);
        assertArrayEquals(new double[] {1, 1, 0, 0}, weights(tie, 0.1, 2.5, 2.5, 2.5), 0);
    }

    @Test
    void movingAverageStartsAtTheFirstBatchAndFollowsBeta() {
        Mimo m = mimo(2, Mimo.Variant.PENALTY, 1, 1, 0.25);
        weights(m, 0, 2, 4);
        assertArrayEquals(new double[] {2, 4}, m.smoothedLosses(), 0);
        weights(m, 0, 6, 0);
        assertArrayEquals(new double[] {3, 3}, m.smoothedLosses(), 1e-12);
    }

    @Test
    void minnormMatchesTheTwoVectorClosedForm() {
        Mimo m = mimo(2, Mimo.Variant.MINNORM, 1, 0.5, 1);
        GradientBank perObjective = SyntheticBank.conflicting(4, 2, 3000);
        Plan.CollectGradients plan = assertInstanceOf(Plan.CollectGradients.class,
                m.plan(perObjective.losses(), TestBanks.ctx(1)));
        GradientBank bank = perObjective.combineRows(plan.rowNames(), plan.rows());
        float[][] out = bank.newDirection();
        StepReport report = m.combine(bank, out, TestBanks.ctx(1));
        double[] g0 = TestBanks.flat(bank, 0);
        double[] gw = TestBanks.flat(bank, 1);
        double a = TestBanks.dot(g0, g0);
        double b = TestBanks.dot(g0, gw);
        double c = TestBanks.dot(gw, gw);
        double t = Math.max(0, Math.min(1, (c - b) / (a + c - 2 * b)));
        assertEquals(t, report.weights()[0], 1e-6);
        double[] d = TestBanks.flat(out);
        for (int i = 0; i < d.length; i++) {
            assertEquals(t * g0[i] + (1 - t) * gw[i], d[i], 1e-4 * (1 + Math.abs(d[i])), "element " + i);
        }
        double[] w = Mimo.softmax(new double[] {perObjective.loss(1), perObjective.loss(2)}, 0.5);
        assertEquals((1 - t) * w[1], report.weights()[2], 1e-6);
        assertEquals(2, report.backwardPasses());
    }

    /**
     * θ ∈ R²; f_1 = (θ_1 − 1)², f_2 = (θ_1 + 1)² so max(f_1, f_2) is minimised at θ_1 = 0; then
     * f_0 = (θ_1 − 2)² + (θ_2 − 3)² picks θ_2 = 3: the lexicographic solution is (0, 3).
     */
    private static double[] descend(MultiObjectiveMethod method, int steps, double lr) {
        double x = 1.5;
        double y = -1;
        for (int s = 0; s < steps; s++) {
            double[] f = {(x - 2) * (x - 2) + (y - 3) * (y - 3), (x - 1) * (x - 1), (x + 1) * (x + 1)};
            double[] w = assertInstanceOf(Plan.BackpropWeighted.class, method.plan(f, TestBanks.ctx(1))).weights();
            double gx = w[0] * 2 * (x - 2) + w[1] * 2 * (x - 1) + w[2] * 2 * (x + 1);
            double gy = w[0] * 2 * (y - 3);
            x -= lr * gx;
            y -= lr * gy;
        }
        return new double[] {x, y};
    }

    @Test
    void largeGammaAndSmallMuConvergeToTheLexicographicSolution() {
        double[] theta = descend(mimo(2, Mimo.Variant.PENALTY, 20, 0.05, 1), 20_000, 1e-3);
        assertEquals(0, theta[0], 0.02, "theta_1");
        assertEquals(3, theta[1], 1e-3, "theta_2");
        double[] smoothed = descend(mimo(2, Mimo.Variant.PENALTY, 20, 0.05, 0.5), 20_000, 1e-3);
        assertEquals(0, smoothed[0], 0.02, "theta_1 with beta = 0.5");
    }

    @Test
    void uniformWeightingMissesTheLexicographicSolutionOfTheSameProblem() {
        double[] theta = descend(new Uniform(2), 20_000, 1e-3);
        assertEquals(2.0 / 3, theta[0], 1e-3);
    }
}
