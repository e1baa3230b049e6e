package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class LinearTest {

    @Test
    void forwardIsXTimesWeightTransposedPlusBiasOnTheLastAxis() {
        Rng rng = new Rng(2);
        Linear l = new Linear(5, 3, rng);
        Tensor x = Tensor.randn(rng, 2, 4, 5);
        float[] y = l.forward(x).data();
        float[] w = l.weight().data();
        float[] b = l.bias().data();
        float[] xd = x.data();
        for (int r = 0; r < 8; r++) {
            for (int o = 0; o < 3; o++) {
                double s = b[o];
                for (int i = 0; i < 5; i++) {
                    s += (double) xd[r * 5 + i] * w[o * 5 + i];
                }
                assertEquals(s, y[r * 3 + o], 1e-5, "row " + r + ", output " + o);
            }
        }
        assertArrayEquals(new int[] {2, 4, 3}, l.forward(x).shape());
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Rng rng = new Rng(4);
        Linear l = new Linear(6, 4, rng);
        ModuleGradCheck.check("Linear", l, l::forward, Tensor.randn(rng, 3, 6), rng, 8);
    }

    @Test
    void initialisationIsBoundedByOneOverSqrtFanIn() {
        Linear l = new Linear(16, 8, new Rng(1));
        for (float v : l.weight().data()) {
            assertTrue(Math.abs(v) <= 0.25f);
        }
    }

    @Test
    void withoutBiasHasOnlyAWeight() {
        Linear l = new Linear(3, 2, false, new Rng(1));
        assertNull(l.bias());
        assertEquals(1, l.namedParameters().size());
    }

    @Test
    void wrongInputWidthNamesBothWidths() {
        Linear l = new Linear(3, 2, new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.ones(2, 4)));
        assertTrue(e.getMessage().contains("[2, 4]") && e.getMessage().contains("must end in 3"), e.getMessage());
    }
}
