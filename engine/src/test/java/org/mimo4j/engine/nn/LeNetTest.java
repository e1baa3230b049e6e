package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.optim.Adam;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class LeNetTest {

    /**
     * 16x16 images of one of four strokes (horizontal, vertical, diagonal, anti-diagonal) of length 7
     * at a random position with Gaussian noise: the class depends on the shape, not the position.
     */
    static Classification strokes(int n, Rng rng) {
        int side = 16;
        float[] x = new float[n * side * side];
        int[] y = new int[n];
        int[][] dirs = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};
        for (int s = 0; s < n; s++) {
            int c = rng.nextInt(4);
            y[s] = c;
            int r0 = 1 + rng.nextInt(side - 8);
            int c0 = dirs[c][1] < 0 ? 7 + rng.nextInt(side - 8) : 1 + rng.nextInt(side - 8);
            for (int p = 0; p < side * side; p++) {
                x[s * side * side + p] = (float) (rng.nextGaussian() * 0.3);
            }
            for (int t = 0; t < 7; t++) {
                x[s * side * side + (r0 + t * dirs[c][0]) * side + c0 + t * dirs[c][1]] += 1f;
            }
        }
        return new Classification(x, y, new int[] {1, side, side});
    }

    @Test
    void classicInputGivesTheClassicFeatureSize() {
        LeNet net = new LeNet(1, 28, 10, new Rng(1));
        assertArrayEquals(new int[] {120, 16 * 5 * 5}, net.namedParameters().get("net.fc1.weight").shape());
        assertArrayEquals(new int[] {3, 10}, net.forward(Tensor.randn(new Rng(2), 3, 1, 28, 28)).shape());
    }

    @Test
    void inputChannelsAndSizeAreConfigurable() {
        LeNet net = new LeNet(3, 17, 4, new Rng(1));
        assertEquals(16 * 2 * 2, net.namedParameters().get("net.fc1.weight").shape()[1]);
        assertArrayEquals(new int[] {2, 4}, net.forward(Tensor.randn(new Rng(2), 2, 3, 17, 17)).shape());
    }

    @Test
    void wrongInputShapeNamesTheExpectedShape() {
        LeNet net = new LeNet(1, 16, 4, new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.ones(2, 1, 15, 16)));
        assertTrue(e.getMessage().contains("[n, 1, 16, 16]"), e.getMessage());
    }

    @Test
    void trainsToHighAccuracyOnStrokes() {
        Rng rng = new Rng(77);
        Classification train = strokes(640, rng);
        Classification test = strokes(200, rng);
        LeNet net = new LeNet(1, 16, 4, rng);
        train.train(net, new Adam(net.namedParameters(), 0.003f), 8, 32, rng);
        double acc = test.accuracy(net);
        assertTrue(acc >= 0.95, "test accuracy " + acc);
    }
}
