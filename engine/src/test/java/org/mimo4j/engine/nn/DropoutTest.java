package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class DropoutTest {

    @Test
    void trainingDropsAboutPAndScalesSurvivors() {
        Dropout d = new Dropout(0.3, new Rng(1));
        float[] y = d.forward(Tensor.ones(20000)).data();
        int dropped = 0;
        for (float v : y) {
            if (v == 0f) {
                dropped++;
            } else {
                assertEquals(1 / 0.7f, v, 1e-6);
            }
        }
        assertEquals(0.3, dropped / 20000.0, 0.015);
    }

    @Test
    void evaluationIsTheIdentity() {
        Dropout d = new Dropout(0.5, new Rng(1));
        d.eval();
        Tensor x = Tensor.ones(10);
        assertSame(x, d.forward(x));
    }

    @Test
    void sameSeedSameMask() {
        float[] a = new Dropout(0.5, new Rng(42)).forward(Tensor.ones(64)).data();
        float[] b = new Dropout(0.5, new Rng(42)).forward(Tensor.ones(64)).data();
        assertArrayEquals(a, b);
    }

    @Test
    void gradientIsTheMask() {
        Dropout d = new Dropout(0.5, new Rng(7));
        Tensor x = Tensor.ones(32).requiresGrad(true);
        float[] y = d.forward(x).data().clone();
        new Dropout(0.5, new Rng(7)).forward(x).sum().backward();
        assertArrayEquals(y, x.grad().data());
    }

    @Test
    void probabilityOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1, new Rng(1)));
        assertTrue(e.getMessage().contains("[0, 1)"));
    }
}
