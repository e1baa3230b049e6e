package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class JointTest {

    @Test
    void backpropagatesTheFusedLossOnly() {
        Plan.BackpropWeighted plan = assertInstanceOf(Plan.BackpropWeighted.class,
                new Joint(3).plan(new double[] {1, 2, 3, 4}, TestBanks.ctx(1)));
        assertArrayEquals(new double[] {1, 0, 0, 0}, plan.weights(), 0);
        assertEquals(1, plan.report().backwardPasses());
        assertArrayEquals(new double[] {1, 2, 3, 4}, plan.report().losses(), 0);
    }
}
