package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Tensor;

class ActivationTest {

    @Test
    void eachKindAppliesItsFunction() {
        Tensor x = Tensor.of(new float[] {-1.5f, 0.5f}, 2);
        assertEquals(0f, new Activation(Activation.Kind.RELU).forward(x).get(0));
        assertEquals(Math.tanh(-1.5), new Activation(Activation.Kind.TANH).forward(x).get(0), 1e-6);
        assertEquals(1 / (1 + Math.exp(-0.5)), new Activation(Activation.Kind.SIGMOID).forward(x).get(1), 1e-6);
        double gelu = 0.5 * 0.5 * (1 + erf(0.5 / Math.sqrt(2)));
        assertEquals(gelu, new Activation(Activation.Kind.GELU).forward(x).get(1), 1e-3);
        assertSame(x, new Activation(Activation.Kind.IDENTITY).forward(x));
    }

    /** Abramowitz-Stegun 7.1.26, accurate to 1.5e-7, enough to tell GELU from its neighbours. */
    private static double erf(double z) {
        double t = 1 / (1 + 0.3275911 * Math.abs(z));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-z * z);
        return Math.signum(z) * y;
    }
}
