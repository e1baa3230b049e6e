package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Tensor;

class Pool2dTest {
    private static final Tensor X = Tensor.of(new float[] {
        1, 2, 3, 4,
        5, 6, 7, 8,
        9, 10, 11, 12,
        13, 14, 15, 16}, 1, 1, 4, 4);

    @Test
    void maxTakesTheLargestOfEachWindow() {
        assertArrayEquals(new float[] {6, 8, 14, 16}, Pool2d.max(2, 2).forward(X).data());
    }

    @Test
    void avgTakesTheMeanOfEachWindow() {
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, new Pool2d(Pool2d.Kind.AVG, 2, 2, 0).forward(X).data());
    }

    @Test
    void reluMaxTakesTheLargestOfEachWindowAndZeroWhereNoneIsPositive() {
        Tensor signed = Tensor.of(new float[] {
            1, -2, -3, -4,
            -5, -6, -7, -8,
            -9, 10, 0, -12,
            -13, -14, -15, -16}, 1, 1, 4, 4);
        assertArrayEquals(new float[] {1, 0, 10, 0}, Pool2d.reluMax(2, 2).forward(signed).data());
    }

    @Test
    void paddingLargerThanHalfTheKernelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pool2d(Pool2d.Kind.MAX, 2, 2, 2));
    }
}
