package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

class CaGradTest {

    private static double[] run(CaGrad ca, GradientBank bank) {
        ca.plan(bank.losses(), TestBanks.ctx(1));
        float[][] out = bank.newDirection();
        ca.combine(bank, out, TestBanks.ctx(1));
        return TestBanks.flat(out);
    }

    @Test
    void alphaZeroGivesTheMeanGradient() {
        GradientBank bank = SyntheticBank.conflicting(2, 3, 2000);
        double[] d = run(new CaGrad(3, 0), bank);
        double[] mean = TestBanks.combination(bank, new double[] {0.25, 0.25, 0.25, 0.25});
        assertArrayEquals(mean, d, 1e-4);
    }

    /** The unscaled direction maximises min_k <g_k, d> over the ball ||d − g_avg|| ≤ c. */
    @Test
    void directionMaximisesTheWorstImprovementWithinTheBall() {
        Rng rng = new Rng(6);
        for (int trial = 0; trial < 10; trial++) {
            double alpha = 0.2 + rng.nextDouble();
            double[][] rows = new double[3][5];
            for (double[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = rng.nextGaussian() + (i == 0 ? 0.3 : 0);
                }
            }
            GradientBank bank = TestBanks.of(rows);
            int dim = (int) bank.totalSize();
            double[] d = run(new CaGrad(2, alpha), bank);
            for (int i = 0; i < dim; i++) {
                d[i] *= 1 + alpha * alpha;
            }
            double[] avg = TestBanks.combination(bank, new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3});
            double c = alpha * Math.sqrt(TestBanks.dot(avg, avg));
            double[] diff = new double[dim];
            for (int i = 0; i < dim; i++) {
                diff[i] = d[i] - avg[i];
            }
            assertTrue(Math.sqrt(TestBanks.dot(diff, diff)) <= c * (1 + 1e-4), "trial " + trial + " leaves the ball: " + Math.sqrt(TestBanks.dot(diff, diff)) + " > " + c + " dim " + dim);
            double worst = worst(bank, d);
            for (int s = 0; s < 2000; s++) {
                double[] u = new double[dim];
                for (int i = 0; i < dim; i++) {
                    u[i] = rng.nextGaussian();
                }
                double n = Math.sqrt(TestBanks.dot(u, u));
                double r = c * Math.pow(rng.nextDouble(), 1.0 / dim);
                for (int i = 0; i < dim; i++) {
                    u[i] = avg[i] + r * u[i] / n;
                }
                double scale = TestBanks.dot(avg, avg) + c * c;
                assertTrue(worst(bank, u) <= worst + 1e-4 * scale, "trial " + trial + ": a point of the ball does better");
            }
        }
    }

    private static double worst(GradientBank bank, double[] d) {
        double w = Double.POSITIVE_INFINITY;
        for (int k = 0; k < bank.rows(); k++) {
            w = Math.min(w, TestBanks.dot(TestBanks.flat(bank, k), d));
        }
        return w;
    }

    @Test
    void dualSolutionSatisfiesTheSimplexKktConditions() {
        Rng rng = new Rng(12);
        for (int trial = 0; trial < 50; trial++) {
            int k = 2 + rng.nextInt(6);
            double[] g = TestBanks.randomGram(rng, k, k + rng.nextInt(5));
            double alpha = 0.1 + rng.nextDouble();
            SimplexSolver.Solution s = SimplexSolver.caGrad(g, k, alpha);
            double[] w = s.w();
            double gww = 0;
            double[] gw = new double[k];
            double[] b = new double[k];
            double total = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    gw[i] += g[i * k + j] * w[j];
                    b[i] += g[i * k + j] / k;
                }
                gww += w[i] * gw[i];
                total += b[i];
            }
            double c = alpha * Math.sqrt(total / k);
            double[] grad = new double[k];
            double floor = Double.POSITIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                grad[i] = b[i] + c * gw[i] / Math.sqrt(gww);
                floor = Math.min(floor, grad[i]);
            }
            double tol = 1e-5 * (Math.abs(floor) + 1);
            for (int i = 0; i < k; i++) {
                if (w[i] > 1e-6) {
                    assertEquals(floor, grad[i], tol, "trial " + trial + ": gradient on the support of w, index " + i);
                }
            }
            assertTrue(s.iterations() < SimplexSolver.MAX_ITERATIONS, "trial " + trial + " hit the iteration cap");
        }
    }
}
