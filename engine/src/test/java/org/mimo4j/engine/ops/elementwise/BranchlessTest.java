package org.mimo4j.engine.ops.elementwise;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BranchlessTest {

    @Test
    void passesOnlyWhereXIsPositive() {
        assertEquals(3f, Branchless.passIfPositive(0.5f, 3f));
        assertEquals(-3f, Branchless.passIfPositive(Float.MIN_VALUE, -3f));
        assertEquals(3f, Branchless.passIfPositive(Float.POSITIVE_INFINITY, 3f));
        assertEquals(0f, Branchless.passIfPositive(0f, 3f));
        assertEquals(0f, Branchless.passIfPositive(-0f, 3f));
        assertEquals(0f, Branchless.passIfPositive(-Float.MIN_VALUE, 3f));
        assertEquals(0f, Branchless.passIfPositive(Float.NEGATIVE_INFINITY, 3f));
    }

    @Test
    void aNaNInputPassesTheGradientSoItStaysVisible() {
        assertEquals(3f, Branchless.passIfPositive(Float.NaN, 3f));
    }
}
