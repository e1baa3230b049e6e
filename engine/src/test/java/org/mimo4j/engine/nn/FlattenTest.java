package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class FlattenTest {

    @Test
    void keepsTheBatchAxisAndRowMajorOrder() {
        Tensor x = Tensor.randn(new Rng(1), 2, 3, 2, 2);
        Tensor y = new Flatten().forward(x);
        assertArrayEquals(new int[] {2, 12}, y.shape());
        assertArrayEquals(x.data(), y.data());
    }

    @Test
    void emptyBatchStaysEmpty() {
        assertArrayEquals(new int[] {0, 0}, new Flatten().forward(Tensor.zeros(0, 3, 2)).shape());
    }
}
