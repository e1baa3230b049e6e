package org.mimo4j.engine.ops.nn;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchNormTest {

    @Test
    void trainingUpdatesRunningStatisticsWithMomentumAndUnbiasedVariance() {
        Tensor x = Tensor.of(new float[] {1, 10, 3, 20}, 2, 2);
        Tensor mean = Tensor.zeros(2);
        Tensor var = Tensor.ones(2);
        BatchNorm.apply(x, null, null, mean, var, true, 0.1f, 1e-5f);
        assertArrayEquals(new float[] {0.1f * 2, 0.1f * 15}, mean.data(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.1f * 2, 0.9f + 0.1f * 50}, var.data(), 1e-5f);
    }

    @Test
    void trainingNormalisesEachChannelToZeroMeanUnitVariance() {
        Tensor x = Tensor.of(new float[] {1, 10, 3, 20, 5, 60}, 3, 2);
        float[] y = BatchNorm.apply(x, null, null, null, null, true, 0.1f, 0f).data();
        assertEquals(0, y[0] + y[2] + y[4], 1e-5);
        assertEquals(3, y[1] * y[1] + y[3] * y[3] + y[5] * y[5], 1e-4);
    }

    @Test
    void evaluationUsesTheRunningStatisticsAndLeavesThemAlone() {
        Tensor x = Tensor.of(new float[] {3, 5}, 2, 1);
        Tensor mean = Tensor.of(new float[] {1}, 1);
        Tensor var = Tensor.of(new float[] {4}, 1);
        float[] y = BatchNorm.apply(x, null, null, mean, var, false, 0.1f, 0f).data();
        assertArrayEquals(new float[] {1, 2}, y, 1e-6f);
        assertArrayEquals(new float[] {1}, mean.data());
        assertArrayEquals(new float[] {4}, var.data());
    }

    @Test
    void evaluationWithoutRunningStatisticsFails() {
        assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.apply(Tensor.ones(2, 1), null, null, null, null, false, 0.1f, 1e-5f));
    }
}
