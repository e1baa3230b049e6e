package org.mimo4j.engine.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class StridedTest {

    @Test
    void offsetsWalkAStridedViewInRowMajorOrder() {
        assertArrayEquals(new int[] {1, 4, 2, 5}, Strided.offsets(new int[] {2, 2}, new int[] {1, 3}, 1));
    }

    @Test
    void broadcastToRepeatsSizeOneAxes() {
        float[] d = {1, 2};
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, Strided.broadcastTo(d, new int[] {2, 1}, new int[] {2, 3}));
        assertSame(d, Strided.broadcastTo(d, new int[] {2}, new int[] {2}));
    }

    @Test
    void sumToIsTheAdjointOfBroadcast() {
        float[] g = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new float[] {6, 15}, Strided.sumTo(g, new int[] {2, 3}, new int[] {2, 1}));
        assertArrayEquals(new float[] {5, 7, 9}, Strided.sumTo(g, new int[] {2, 3}, new int[] {3}));
        assertArrayEquals(new float[] {21}, Strided.sumTo(g, new int[] {2, 3}, new int[0]));
    }
}
