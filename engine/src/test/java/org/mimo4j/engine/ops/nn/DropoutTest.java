package org.mimo4j.engine.ops.nn;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DropoutTest {

    @Test
    void evaluationIsTheIdentity() {
        Tensor x = Tensor.ones(10);
        assertSame(x, Dropout.apply(x, 0.5f, false, new Rng(1)));
    }

    @Test
    void theSameSeedGivesTheSameMask() {
        Tensor x = Tensor.ones(100);
        assertArrayEquals(Dropout.apply(x, 0.5f, true, new Rng(3)).data(), Dropout.apply(x, 0.5f, true, new Rng(3)).data());
    }

    @Test
    void keepsAboutOneMinusPAndRescalesSurvivors() {
        float[] y = Dropout.apply(Tensor.ones(10000), 0.25f, true, new Rng(4)).data();
        int kept = 0;
        for (float v : y) {
            if (v != 0) {
                assertEquals(1 / 0.75f, v, 1e-6f);
                kept++;
            }
        }
        assertEquals(7500, kept, 150);
    }

    @Test
    void rejectsAProbabilityOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> Dropout.apply(Tensor.ones(2), 1f, true, new Rng(1)));
    }
}
