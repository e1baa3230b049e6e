package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

class SimplexSolverTest {

    @Test
    void projectionLandsOnTheSimplexAndIsTheClosestPoint() {
        Rng rng = new Rng(21);
        for (int trial = 0; trial < 200; trial++) {
            int k = 1 + rng.nextInt(6);
            double[] v = new double[k];
            for (int i = 0; i < k; i++) {
                v[i] = 3 * rng.nextGaussian();
            }
            double[] p = v.clone();
            SimplexSolver.project(p);
            double sum = 0;
            for (double x : p) {
                assertTrue(x >= 0);
                sum += x;
            }
            assertEquals(1, sum, 1e-12);
            double dist = distance(v, p);
            for (int s = 0; s < 200; s++) {
                double[] q = new double[k];
                double total = 0;
                for (int i = 0; i < k; i++) {
                    q[i] = -Math.log(1 - rng.nextDouble());
                    total += q[i];
                }
                for (int i = 0; i < k; i++) {
                    q[i] /= total;
                }
                assertTrue(dist <= distance(v, q) + 1e-12, "trial " + trial);
            }
        }
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    @Test
    void zeroGramGivesUniformWeightsWithoutIterating() {
        SimplexSolver.Solution s = SimplexSolver.caGrad(new double[9], 3, 0.5);
        assertEquals(0, s.iterations());
        assertEquals(1.0 / 3, s.w()[1], 0);
    }
}
