package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Tensor;

class GlobalAvgPoolTest {

    @Test
    void averagesEachChannel() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 1, 2, 2, 2);
        assertArrayEquals(new float[] {2.5f, 25f}, new GlobalAvgPool().forward(x).data());
    }
}
