package org.mimo4j.engine.ops.linalg;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shapes of the NumPy matmul rules that the random catalog cases may not hit on every seed. */
class MatMulTest {

    @Test
    void twoVectorsGiveTheirDotProductAsAScalar() {
        Tensor d = Tensor.of(new float[] {1, 2, 3}, 3).matmul(Tensor.of(new float[] {4, 5, 6}, 3));
        assertEquals(0, d.dim());
        assertEquals(32f, d.item());
    }

    @Test
    void aVectorTimesABatchOfMatricesDropsTheVectorAxis() {
        Tensor y = Tensor.ones(2).matmul(Tensor.ones(4, 2, 3));
        assertArrayEquals(new int[] {4, 3}, y.shape());
        assertEquals(2f, y.get(3, 2));
    }

    @Test
    void batchAxesBroadcast() {
        Tensor y = Tensor.ones(5, 1, 2, 3).matmul(Tensor.ones(4, 3, 2));
        assertArrayEquals(new int[] {5, 4, 2, 2}, y.shape());
        assertEquals(3f, y.get(4, 3, 1, 1));
    }
}
