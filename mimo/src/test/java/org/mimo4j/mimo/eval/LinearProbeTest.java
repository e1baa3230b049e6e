package org.mimo4j.mimo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.mimo4j.engine.tensor.Rng;

class LinearProbeTest {
    private static float[] features(int n, int dim, int[] y, double signal, Rng rng) {
        float[] x = new float[n * dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) (rng.nextGaussian() + (j == y[i] ? signal : 0));
            }
        }
        return x;
    }

    private static int[] labels(int n, int classes, Rng rng) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return y;
    }

    @Test
    void separatesLinearlySeparableClasses() {
        Rng rng = new Rng(4);
        int[] y = labels(300, 5, rng);
        int[] yt = labels(200, 5, rng);
        LinearProbe p = LinearProbe.fit(features(300, 8, y, 6, rng), y, 8, 5, 100);
        assertEquals(1.0, p.accuracy(features(200, 8, yt, 6, rng), yt), 0.01);
    }

    @Test
    void staysNearChanceOnFeaturesWithoutSignal() {
        Rng rng = new Rng(5);
        int[] y = labels(300, 5, rng);
        int[] yt = labels(2000, 5, rng);
        double acc = LinearProbe.fit(features(300, 8, y, 0, rng), y, 8, 5, 100).accuracy(features(2000, 8, yt, 0, rng), yt);
        assertTrue(acc < 0.3, "chance is 0.2, got " + acc);
    }
}
