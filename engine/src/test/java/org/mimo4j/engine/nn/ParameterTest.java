package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Tensor;

class ParameterTest {

    @Test
    void storageIsTheTensorsOwnAndWritesReachIt() {
        Parameter p = new Parameter(Tensor.zeros(2, 2));
        p.storage().write()[3] = 5f;
        assertEquals(5f, p.tensor().get(1, 1));
        assertSame(p.tensor().storage(), p.storage());
        assertSame(p.tensor().storage().read(), p.data());
    }

    @Test
    void marksItsTensorAsRequiringGradient() {
        assertTrue(new Parameter(Tensor.ones(3)).tensor().requiresGrad());
    }

    @Test
    void opOutputsAndViewsAreRefused() {
        Tensor leaf = Tensor.ones(2, 3).requiresGrad(true);
        assertThrows(IllegalArgumentException.class, () -> new Parameter(leaf.mul(2f)));
        assertThrows(IllegalArgumentException.class, () -> new Parameter(Tensor.ones(2, 3).transpose(0, 1)));
    }
}
