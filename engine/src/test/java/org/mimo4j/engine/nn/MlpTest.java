package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.optim.Adam;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class MlpTest {

    /** Three interleaved noisy spiral arms in the plane: not linearly separable. */
    static Classification spirals(int perClass, Rng rng) {
        int n = 3 * perClass;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perClass; i++) {
                int k = c * perClass + i;
                double r = (i + 1.0) / perClass;
                double theta = 2 * Math.PI * c / 3 + 3.0 * r + rng.nextGaussian() * 0.08;
                x[2 * k] = (float) (r * Math.cos(theta));
                x[2 * k + 1] = (float) (r * Math.sin(theta));
                y[k] = c;
            }
        }
        return new Classification(x, y, new int[] {2});
    }

    @Test
    void layersAreLinearActivationPairsWithNoActivationAtTheEnd() {
        Mlp m = new Mlp(new int[] {4, 8, 8, 3}, Activation.Kind.TANH, 0.2, new Rng(1));
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias", "layers.6.weight",
                "layers.6.bias"), List.copyOf(m.namedParameters().keySet()));
        assertArrayEquals(new int[] {5, 3}, m.forward(Tensor.ones(5, 4)).shape());
    }

    @Test
    void trainsToHighAccuracyOnSpirals() {
        Rng rng = new Rng(2024);
        Classification train = spirals(200, rng);
        Classification test = spirals(100, rng);
        Mlp mlp = new Mlp(rng, 2, 32, 32, 3);
        train.train(mlp, new Adam(mlp.namedParameters(), 0.02f), 40, 50, rng);
        double acc = test.accuracy(mlp);
        assertTrue(acc >= 0.95, "test accuracy " + acc);
    }
}
