package org.mimo4j.mimo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class CrossEntropyTest {
    private static final int B = 5;
    private static final int C = 7;

    @Test
    void matchesADoubleReferenceAndItsAnalyticGradient() {
        Rng rng = new Rng(11);
        float[] x = new float[B * C];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 * rng.nextGaussian());
        }
        int[] y = {0, 6, 3, 3, 1};
        Tensor logits = Tensor.of(x.clone(), B, C).requiresGrad(true);
        Tensor loss = CrossEntropy.loss(logits, y);
        double ref = 0;
        double[] grad = new double[B * C];
        for (int i = 0; i < B; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < C; c++) {
                max = Math.max(max, x[i * C + c]);
            }
            double z = 0;
            for (int c = 0; c < C; c++) {
                z += Math.exp(x[i * C + c] - max);
            }
            ref -= (x[i * C + y[i]] - max - Math.log(z)) / B;
            for (int c = 0; c < C; c++) {
                grad[i * C + c] = (Math.exp(x[i * C + c] - max) / z - (c == y[i] ? 1 : 0)) / B;
            }
        }
        assertEquals(ref, loss.item(), 1e-5);
        loss.backward();
        float[] g = logits.grad().data();
        for (int i = 0; i < g.length; i++) {
            assertEquals(grad[i], g[i], 1e-6, "d loss / d logits[" + i + "]");
        }
    }

    @Test
    void staysFiniteForHugeLogits() {
        Tensor logits = Tensor.of(new float[] {1e30f, 0, -1e30f, 5}, 2, 2);
        assertTrue(Float.isFinite(CrossEntropy.loss(logits, new int[] {0, 1}).item()));
    }

    @Test
    void argmaxPicksTheFirstLargest() {
        assertArrayEquals(new int[] {1, 0}, CrossEntropy.argmax(Tensor.of(new float[] {0, 2, 2, 5, 5, 1}, 2, 3)));
    }

    @Test
    void aLabelOutsideTheClassesIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.loss(Tensor.zeros(2, 3), new int[] {0, 3}));
        assertTrue(e.getMessage().contains("label 3 at example 1"), e.getMessage());
    }
}
