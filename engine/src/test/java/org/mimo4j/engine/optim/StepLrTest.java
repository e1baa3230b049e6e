package org.mimo4j.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StepLrTest {

    @Test
    void decaysByGammaEveryStepSizeSteps() {
        StepLr s = new StepLr(0.1, 3, 0.5);
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.at(t), 1e-15, "step " + t);
        }
    }

    @Test
    void applySetsTheRateForTheOptimizersNextStep() {
        OptimizerFixture f = new OptimizerFixture(2);
        Sgd sgd = new Sgd(f.params, 1f);
        StepLr s = new StepLr(0.1, 1, 0.5);
        f.randomGradients();
        sgd.step();
        s.apply(sgd);
        assertEquals(0.05f, sgd.learningRate());
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StepLr(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new StepLr(0.1, 2, 0.5).at(-1));
    }
}
