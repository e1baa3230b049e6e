package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

class MinNormSolverTest {

    private static double[] gx(double[] g, double[] x) {
        int k = x.length;
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                out[i] += g[i * k + j] * x[j];
            }
        }
        return out;
    }

    private static double scale(double[] g, int k) {
        double s = 0;
        for (int i = 0; i < k; i++) {
            s = Math.max(s, g[i * k + i]);
        }
        return s;
    }

    @Test
    void twoVectorClosedFormMinimisesTheNorm() {
        Rng rng = new Rng(4);
        for (int trial = 0; trial < 200; trial++) {
            double[] g = TestBanks.randomGram(rng, 2, 3);
            double a = g[0];
            double b = g[1];
            double c = g[3];
            double t = MinNormSolver.twoVector(a, b, c, false);
            double best = t * t * a + 2 * t * (1 - t) * b + (1 - t) * (1 - t) * c;
            for (int s = 0; s <= 1000; s++) {
                double u = s / 1000.0;
                assertTrue(best <= u * u * a + 2 * u * (1 - u) * b + (1 - u) * (1 - u) * c + 1e-12 * (a + c));
            }
            assertTrue(t >= 0 && t <= 1);
        }
    }

    @Test
    void referenceClampKeepsBoundaryWeightsOffTheVertices() {
        assertEquals(0.999, MinNormSolver.twoVector(1, 2, 5, true), 0);
        assertEquals(0.001, MinNormSolver.twoVector(5, 2, 1, true), 0);
        assertEquals(1.0, MinNormSolver.twoVector(1, 2, 5, false), 0);
        assertEquals(0.0, MinNormSolver.twoVector(5, 2, 1, false), 0);
    }

    @Test
    void solutionSatisfiesTheKktConditionsWhenItConvergesWithinTheCap() {
        Rng rng = new Rng(7);
        int converged = 0;
        for (int trial = 0; trial < 100; trial++) {
            int k = 2 + rng.nextInt(7);
            double[] g = TestBanks.randomGram(rng, k, 2 + rng.nextInt(12));
            MinNormSolver.Solution s = MinNormSolver.solve(g, k, 250, 1e-5, false);
            if (s.iterations() == 250) {
                continue;
            }
            converged++;
            double[] lambda = s.lambda();
            double[] gl = gx(g, lambda);
            double value = TestBanks.dot(lambda, gl);
            double tol = 2e-3 * scale(g, k);
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += lambda[i];
                assertTrue(lambda[i] >= 0, "lambda_" + i + " = " + lambda[i]);
                assertTrue(gl[i] >= value - tol, "trial " + trial + ": (G lambda)_" + i + " = " + gl[i] + " < " + value);
                if (lambda[i] > 1e-2) {
                    assertEquals(value, gl[i], tol, "trial " + trial + ": complementary slackness at " + i);
                }
            }
            assertEquals(1, sum, 1e-9);
            assertEquals(value, s.value(), 1e-9 * (1 + value));
        }
        assertTrue(converged >= 80, "only " + converged + " of 100 problems converged within the cap");
    }

    @Test
    void atTheCapTheValueIsStillNearTheOptimum() {
        Rng rng = new Rng(7);
        int capped = 0;
        for (int trial = 0; trial < 100; trial++) {
            int k = 2 + rng.nextInt(7);
            double[] g = TestBanks.randomGram(rng, k, 2 + rng.nextInt(12));
            MinNormSolver.Solution s = MinNormSolver.solve(g, k, 250, 1e-5, false);
            if (s.iterations() < 250) {
                continue;
            }
            capped++;
            double optimum = MinNormSolver.solve(g, k, 100_000, 1e-13, false).value();
            assertTrue(s.value() <= optimum + 1e-2 * scale(g, k), "trial " + trial + ": " + s.value() + " vs " + optimum);
        }
        assertTrue(capped >= 1, "expected some ill-conditioned problems to hit the cap");
    }

    @Test
    void agreesWithABruteForceSimplexGridForTwoAndThreeObjectives() {
        Rng rng = new Rng(9);
        for (int trial = 0; trial < 40; trial++) {
            int k = 2 + trial % 2;
            double[] g = TestBanks.randomGram(rng, k, 4);
            double solved = MinNormSolver.solve(g, k, 250, 1e-5, false).value();
            double grid = Double.POSITIVE_INFINITY;
            int n = 400;
            for (int a = 0; a <= n; a++) {
                for (int b = 0; b <= (k == 3 ? n - a : 0); b++) {
                    double[] x = k == 2 ? new double[] {a / (double) n, 1 - a / (double) n}
                            : new double[] {a / (double) n, b / (double) n, (n - a - b) / (double) n};
                    grid = Math.min(grid, TestBanks.dot(x, gx(g, x)));
                }
            }
            assertTrue(solved <= grid + 1e-9 * scale(g, k), "trial " + trial + ": solver " + solved + " > grid " + grid);
            assertTrue(solved >= grid - 2e-3 * scale(g, k), "trial " + trial + ": solver " + solved + " << grid " + grid);
        }
    }

    @Test
    void permutingTheObjectivesPermutesTheWeights() {
        Rng rng = new Rng(13);
        for (int trial = 0; trial < 30; trial++) {
            int k = 3 + rng.nextInt(4);
            double[] g = TestBanks.randomGram(rng, k, k + 3);
            int[] perm = new int[k];
            for (int i = 0; i < k; i++) {
                perm[i] = i;
            }
            rng.shuffle(perm);
            double[] pg = new double[k * k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    pg[i * k + j] = g[perm[i] * k + perm[j]];
                }
            }
            double[] l = MinNormSolver.solve(g, k, 250, 1e-9, false).lambda();
            double[] pl = MinNormSolver.solve(pg, k, 250, 1e-9, false).lambda();
            for (int i = 0; i < k; i++) {
                assertEquals(l[perm[i]], pl[i], 2e-2, "trial " + trial + ", objective " + perm[i]);
            }
        }
    }

    @Test
    void iterationCapIsEnforcedAndReported() {
        Rng rng = new Rng(17);
        double[] g = TestBanks.randomGram(rng, 8, 20);
        MinNormSolver.Solution capped = MinNormSolver.solve(g, 8, 3, 0, false);
        assertEquals(3, capped.iterations());
        MinNormSolver.Solution free = MinNormSolver.solve(g, 8, 250, 1e-5, false);
        assertTrue(free.iterations() >= 1 && free.iterations() <= 250, "iterations " + free.iterations());
        assertEquals(0, MinNormSolver.solve(TestBanks.randomGram(rng, 2, 3), 2, 250, 1e-5, false).iterations());
    }
}
