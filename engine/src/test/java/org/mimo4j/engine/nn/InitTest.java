package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class InitTest {

    private static double[] meanStd(float[] d) {
        double s = 0;
        double sq = 0;
        for (float x : d) {
            s += x;
            sq += (double) x * x;
        }
        double mean = s / d.length;
        return new double[] {mean, Math.sqrt(sq / d.length - mean * mean)};
    }

    @Test
    void fansFollowTheWeightLayout() {
        assertEquals(3 * 5 * 5, Init.fanIn(new int[] {8, 3, 5, 5}));
        assertEquals(8 * 5 * 5, Init.fanOut(new int[] {8, 3, 5, 5}));
        assertEquals(7, Init.fanIn(new int[] {4, 7}));
    }

    @Test
    void kaimingNormalHasStdSqrtTwoOverFanIn() {
        Tensor w = Tensor.zeros(64, 32, 3, 3);
        Init.kaimingNormal(w, new Rng(3));
        double[] ms = meanStd(w.data());
        assertEquals(0, ms[0], 0.01);
        assertEquals(Math.sqrt(2.0 / 288), ms[1], 0.02 * Math.sqrt(2.0 / 288));
    }

    @Test
    void xavierUniformStaysInItsBoundAndFillsIt() {
        Tensor w = Tensor.zeros(200, 100);
        Init.xavierUniform(w, new Rng(3));
        double bound = Math.sqrt(6.0 / 300);
        double max = 0;
        for (float x : w.data()) {
            assertTrue(Math.abs(x) <= bound);
            max = Math.max(max, Math.abs(x));
        }
        assertTrue(max > 0.99 * bound);
        assertEquals(bound / Math.sqrt(3), meanStd(w.data())[1], 0.02 * bound);
    }

    @Test
    void xavierNormalHasItsStd() {
        Tensor w = Tensor.zeros(100, 300);
        Init.xavierNormal(w, new Rng(5));
        assertEquals(Math.sqrt(2.0 / 400), meanStd(w.data())[1], 0.02 * Math.sqrt(2.0 / 400));
    }

    @Test
    void sameSeedSameWeights() {
        Tensor a = Tensor.zeros(5, 6);
        Tensor b = Tensor.zeros(5, 6);
        Init.kaimingUniform(a, new Rng(9));
        Init.kaimingUniform(b, new Rng(9));
        assertArrayEquals(a.data(), b.data());
    }
}
