package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MgdaTest {

    private static StepReport run(Mgda mgda, GradientBank bank, float[][] out) {
        mgda.plan(bank.losses(), TestBanks.ctx(1));
        return mgda.combine(bank, out, TestBanks.ctx(1));
    }

    @Test
    void directionHasNonNegativeInnerProductWithEveryGradient() {
        for (int seed = 0; seed < 5; seed++) {
            GradientBank bank = SyntheticBank.conflicting(seed, 1 + seed, 5000);
            Mgda mgda = new Mgda(1 + seed, Mgda.Options.defaults());
            float[][] out = bank.newDirection();
            StepReport report = run(mgda, bank, out);
            double[] d = TestBanks.flat(out);
            double dd = TestBanks.dot(d, d);
            for (int k = 0; k < bank.rows(); k++) {
                double[] g = TestBanks.flat(bank, k);
                assertTrue(TestBanks.dot(d, g) >= -1e-4 * Math.sqrt(dd * TestBanks.dot(g, g)),
                        "seed " + seed + ", objective " + k + ": <d, g_k> = " + TestBanks.dot(d, g));
            }
            assertArrayEquals(TestBanks.combination(bank, report.weights()), d, 1e-3 * Math.sqrt(dd / d.length) + 1e-4);
        }
    }

    @Test
    void twoObjectivesUseTheExactClosedForm() {
        GradientBank bank = TestBanks.of(new double[] {1, 0}, new double[] {-1, 2});
        float[][] out = bank.newDirection();
        StepReport report = run(new Mgda(1, Mgda.Options.defaults()), bank, out);
        double t = (5.0 - (-1)) / (1 + 5 + 2);
        assertEquals(t, report.weights()[0], 1e-12);
        assertEquals(0, report.solverIterations());
        assertEquals(t - (1 - t), out[0][0], 1e-6);
        assertEquals(2 * (1 - t), out[0][1], 1e-6);
    }

    @Test
    void l2NormalisationSolvesOnUnitGradients() {
        GradientBank bank = TestBanks.of(new double[] {10, 0}, new double[] {0, 1});
        StepReport none = run(new Mgda(1, Mgda.Options.defaults()), bank, bank.newDirection());
        StepReport l2 = run(new Mgda(1, Mgda.Options.defaults().withNormalization(Mgda.Normalization.L2)), bank,
                bank.newDirection());
        assertEquals(1.0 / 101, none.weights()[0], 1e-12);
        assertEquals(0.5, l2.weights()[0], 1e-12);
    }

    @Test
    void lossNormalisationsDivideByTheLoss() {
        GradientBank bank = TestBanks.of(new double[] {1, 0}, new double[] {0, 1});
        bank.setLoss(0, 1);
        bank.setLoss(1, 3);
        StepReport loss = run(new Mgda(1, Mgda.Options.defaults().withNormalization(Mgda.Normalization.LOSS)), bank,
                bank.newDirection());
        assertEquals(0.1, loss.weights()[0], 1e-12);
        StepReport plus = run(new Mgda(1, Mgda.Options.defaults().withNormalization(Mgda.Normalization.LOSS_PLUS)), bank,
                bank.newDirection());
        assertEquals(0.1, plus.weights()[0], 1e-12);
    }

    @Test
    void upperBoundVariantAsksForRepresentationGradientsThenAWeightedBackward() {
        Mgda ub = new Mgda(2, Mgda.Options.defaults().withUpperBound(true));
        Plan plan = ub.plan(new double[] {1, 2, 3}, TestBanks.ctx(1));
        Plan.CollectGradients collect = assertInstanceOf(Plan.CollectGradients.class, plan);
        assertEquals(Plan.Space.REPRESENTATION, collect.space());
        assertEquals(Plan.Then.BACKPROP_WEIGHTS, collect.then());
        GradientBank bank = SyntheticBank.conflicting(3, 2, 2000);
        StepReport report = ub.combine(bank, null, TestBanks.ctx(1));
        assertEquals(4, report.backwardPasses());
        double sum = 0;
        for (double w : report.weights()) {
            sum += w;
        }
        assertEquals(1, sum, 1e-9);
        assertEquals("mgda-ub", ub.name());
    }

    @Test
    void iterationCapIsEnforcedAndReportedInTheStepReport() {
        GradientBank bank = SyntheticBank.conflicting(5, 7, 4000);
        StepReport capped = run(new Mgda(7, Mgda.Options.defaults().withMaxIterations(2)), bank, bank.newDirection());
        assertEquals(2, capped.solverIterations());
        StepReport free = run(new Mgda(7, Mgda.Options.defaults()), bank, bank.newDirection());
        assertTrue(free.solverIterations() >= 1 && free.solverIterations() <= 250);
        assertEquals(8, free.backwardPasses());
    }
}
