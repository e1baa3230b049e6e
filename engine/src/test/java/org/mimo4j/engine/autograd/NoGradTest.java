package org.mimo4j.engine.autograd;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoGradTest {

    @Test
    void opsInsideTheScopeRecordNothing() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y;
        try (NoGrad g = NoGrad.enter()) {
            y = x.mul(x);
        }
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
        assertTrue(x.mul(x).requiresGrad());
    }

    @Test
    void scopesNestAndRestoreThePreviousMode() {
        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertFalse(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
    }
}
