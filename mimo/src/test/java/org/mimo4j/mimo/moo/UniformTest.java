package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class UniformTest {

    @Test
    void backpropagatesTheUnweightedSumOfAllObjectives() {
        Plan.BackpropWeighted plan = assertInstanceOf(Plan.BackpropWeighted.class,
                new Uniform(2).plan(new double[] {1, 2, 3}, TestBanks.ctx(1)));
        assertArrayEquals(new double[] {1, 1, 1}, plan.weights(), 0);
    }
}
