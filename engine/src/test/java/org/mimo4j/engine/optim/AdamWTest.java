package org.mimo4j.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Tensor;

class AdamWTest {

    @Test
    void decoupledDecayMatchesReference() {
        AdamTest.checkAgainstReference(true, 0.1f);
    }

    @Test
    void decayShrinksWeightsEvenWithZeroGradient() {
        Parameter p = new Parameter(Tensor.of(new float[] {2f, -4f}, 2));
        p.tensor().setGrad(Tensor.zeros(2));
        new AdamW(Map.of("p", p), 0.1f, 0.9f, 0.999f, 1e-8f, 0.5f).step();
        assertEquals(2f * 0.95f, p.data()[0], 1e-6);
        assertEquals(-4f * 0.95f, p.data()[1], 1e-6);
    }
}
