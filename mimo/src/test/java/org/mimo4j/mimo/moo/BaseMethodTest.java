package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour every method shares through {@link BaseMethod}: input validation and NaN/Inf handling. */
class BaseMethodTest {

    private static List<MultiObjectiveMethod> all() {
        return List.of(new Joint(2), new Uniform(2), new Unimodal(2), new Mimo(2, Mimo.Options.defaults()),
                new Mimo(2, Mimo.Options.defaults().withVariant(Mimo.Variant.MINNORM)),
                new Mgda(2, Mgda.Options.defaults()), new MmPareto(2), new OgmGe(2, OgmGe.Options.defaults()),
                new PcGrad(2), new CaGrad(2, 0.5));
    }

    @Test
    void everyMethodRejectsANonFiniteLossNamingTheObjective() {
        for (MultiObjectiveMethod m : all()) {
            var e = assertThrows(NonFiniteGradientException.class,
                    () -> m.plan(new double[] {1, Double.NaN, 1}, TestBanks.ctx(1)), m.name());
            assertTrue(e.getMessage().contains("f1 (modality 1)"), m.name() + ": " + e.getMessage());
        }
    }

    @Test
    void everyMethodRejectsTheWrongNumberOfLosses() {
        for (MultiObjectiveMethod m : all()) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.plan(new double[] {1, 2}, TestBanks.ctx(1)));
            assertTrue(e.getMessage().contains("expects 3 losses"), m.name() + ": " + e.getMessage());
        }
    }

    @Test
    void nonFiniteGradientIsReportedWithObjectiveGroupAndElementAndNothingIsWritten() {
        GradientBank source = SyntheticBank.conflicting(2, 2, 2000);
        StepContext ctx = TestBanks.ctx(1).withScores(3, 1);
        for (MultiObjectiveMethod m : all()) {
            Plan plan = m.plan(source.losses(), ctx);
            if (!(plan instanceof Plan.CollectGradients collect)) {
                continue;
            }
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                GradientBank bank = source.combineRows(collect.rowNames(), collect.rows());
                int row = bank.rows() - 1;
                bank.block(row, 3)[17] = bad;
                float[][] out = bank.newDirection();
                out[0][0] = 42;
                var e = assertThrows(NonFiniteGradientException.class, () -> m.combine(bank, out, ctx), m.name());
                String msg = e.getMessage();
                assertTrue(msg.contains(bank.rowName(row)) && msg.contains("'enc2.conv.weight'")
                        && msg.contains("element 17"), m.name() + ": " + msg);
                assertEquals(42, out[0][0], 0, m.name() + " wrote to the output");
                for (int p = 1; p < out.length; p++) {
                    for (float x : out[p]) {
                        assertEquals(0, x, 0, m.name() + " wrote to the output");
                    }
                }
            }
        }
    }

    @Test
    void everyCombineGivesBitwiseTheSameDirectionOnOneOrTwoThreads() {
        GradientBank source = SyntheticBank.conflicting(6, 2, 300_000);
        for (MultiObjectiveMethod m : all()) {
            StepContext one = TestBanks.ctx(3).withScores(3, 1).withWorkers(new Workers(1));
            Plan plan = m.plan(source.losses(), one);
            if (!(plan instanceof Plan.CollectGradients collect)) {
                continue;
            }
            GradientBank bank = source.combineRows(collect.rowNames(), collect.rows());
            float[][] a = bank.newDirection();
            float[][] b = bank.newDirection();
            m.combine(bank, a, one);
            m.combine(bank, b, TestBanks.ctx(3).withScores(3, 1).withWorkers(new Workers(2)));
            for (int p = 0; p < a.length; p++) {
                assertArrayEquals(a[p], b[p], 0, m.name() + ", group " + p);
            }
        }
    }

    @Test
    void combineChecksTheOutputShape() {
        GradientBank bank = SyntheticBank.conflicting(2, 2, 2000);
        Mgda mgda = new Mgda(2, Mgda.Options.defaults());
        mgda.plan(bank.losses(), TestBanks.ctx(1));
        assertThrows(IllegalArgumentException.class, () -> mgda.combine(bank, new float[1][], TestBanks.ctx(1)));
    }

    @Test
    void weightedLossMethodsHaveNothingToCombine() {
        GradientBank bank = SyntheticBank.conflicting(2, 2, 2000);
        assertThrows(IllegalStateException.class, () -> new Joint(2).combine(bank, bank.newDirection(), TestBanks.ctx(1)));
    }
}
