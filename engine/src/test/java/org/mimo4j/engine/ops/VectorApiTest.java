package org.mimo4j.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VectorApiTest {

    @Test
    void sumInOrderAddsLaneAfterLane() {
        // In order: 1e8 + 1 rounds to 1e8, minus 1e8 is 0, ... + 7e7 rounds 7e7 + 4.001 up to 70000008: 8.
        // Folding halves first (lane i + lane i + 4, ...) gives 0, pairwise 3.001.
        float[] lanes = {1e8f, 1f, -1e8f, 1f, 3f, 1e-3f, 7e7f, -7e7f};
        assertEquals(8f, VectorApi.sumInOrder(lanes));
        assertEquals(8f, VectorApi.sumInOrder(lanes, 0, 8));
        assertEquals(1e8f, VectorApi.sumInOrder(lanes, 0, 2));
        assertEquals(0f, VectorApi.sumInOrder(lanes, 6, 2));
        assertEquals(1f + 3f + 1e-3f, VectorApi.sumInOrder(lanes, 3, 3));
    }
}
