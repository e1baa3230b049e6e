package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class UnimodalTest {

    @Test
    void encodersAndHeadsGetTheUnimodalSumAndTheFusionHeadTheFusedGradient() {
        GradientBank perObjective = SyntheticBank.conflicting(3, 2, 2000);
        Unimodal uni = new Unimodal(2);
        Plan.CollectGradients plan = assertInstanceOf(Plan.CollectGradients.class,
                uni.plan(perObjective.losses(), TestBanks.ctx(1)));
        GradientBank bank = perObjective.combineRows(plan.rowNames(), plan.rows());
        float[][] out = bank.newDirection();
        StepReport report = uni.combine(bank, out, TestBanks.ctx(1));
        for (int p = 0; p < bank.groupCount(); p++) {
            int row = bank.group(p).role() == GroupRole.FUSION ? 0 : 1;
            assertArrayEquals(bank.block(row, p), out[p], 0, bank.group(p).name());
        }
        assertEquals(2, report.backwardPasses());
        assertEquals(2, report.geometry().size());
    }
}
