package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

class PcGradTest {

    @Test
    void projectedGradientsHaveNoNegativeInnerProductWithTheOtherForTwoObjectives() {
        Rng rng = new Rng(3);
        for (int trial = 0; trial < 100; trial++) {
            double[] g = TestBanks.randomGram(rng, 2, 3);
            double[][] c = PcGrad.projectedCoefficients(g, 2, rng);
            for (int i = 0; i < 2; i++) {
                int j = 1 - i;
                double dot = c[i][0] * g[j] + c[i][1] * g[2 + j];
                assertTrue(dot >= -1e-12 * (g[0] + g[3]), "trial " + trial + ": <g_" + i + "^pc, g_" + j + "> = " + dot);
            }
        }
    }

    @Test
    void conflictingPairMatchesTheExplicitProjectionFormula() {
        double[] g1 = {1, 0.5, 0};
        double[] g2 = {-1, 1, 2};
        GradientBank bank = TestBanks.of(g1, g2);
        PcGrad pc = new PcGrad(1);
        pc.plan(new double[] {1, 1}, TestBanks.ctx(1));
        float[][] out = bank.newDirection();
        pc.combine(bank, out, TestBanks.ctx(1));
        double d12 = TestBanks.dot(g1, g2);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = g1[i] - d12 / TestBanks.dot(g2, g2) * g2[i] + g2[i] - d12 / TestBanks.dot(g1, g1) * g1[i];
        }
        assertArrayEquals(expected, TestBanks.flat(out), 1e-6);
    }

    @Test
    void agreeingGradientsAreSimplySummed() {
        GradientBank bank = TestBanks.of(new double[] {1, 2}, new double[] {2, 1}, new double[] {1, 1});
        PcGrad pc = new PcGrad(2);
        pc.plan(new double[] {1, 1, 1}, TestBanks.ctx(1));
        StepReport r = pc.combine(bank, bank.newDirection(), TestBanks.ctx(1));
        assertArrayEquals(new double[] {1, 1, 1}, r.weights(), 0);
    }

    @Test
    void sameSeedGivesTheSameDirectionAndTheOrderComesFromTheRng() {
        GradientBank bank = SyntheticBank.conflicting(8, 4, 3000);
        float[][] a = bank.newDirection();
        float[][] b = bank.newDirection();
        PcGrad pc = new PcGrad(4);
        pc.plan(bank.losses(), TestBanks.ctx(5));
        pc.combine(bank, a, TestBanks.ctx(5));
        pc.combine(bank, b, TestBanks.ctx(5));
        assertArrayEquals(TestBanks.flat(a), TestBanks.flat(b), 0);
        double[] g = GramKernel.compute(bank, Workers.shared()).matrix();
        boolean orderMatters = false;
        for (long seed = 0; seed < 20 && !orderMatters; seed++) {
            double[][] x = PcGrad.projectedCoefficients(g, 5, new Rng(seed));
            double[][] y = PcGrad.projectedCoefficients(g, 5, new Rng(seed + 100));
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    orderMatters |= Math.abs(x[i][j] - y[i][j]) > 1e-9;
                }
            }
        }
        assertTrue(orderMatters, "the visiting order should change the projections of a conflicting bank");
        assertEquals(5, pc.objectives());
    }
}
