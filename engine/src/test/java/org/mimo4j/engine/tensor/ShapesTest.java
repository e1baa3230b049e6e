package org.mimo4j.engine.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShapesTest {

    @Test
    void broadcastAlignsOnTheRight() {
        assertArrayEquals(new int[] {5, 4, 3}, Shapes.broadcast("t", new int[] {4, 1}, new int[] {5, 1, 3}));
        assertArrayEquals(new int[] {2}, Shapes.broadcast("t", new int[0], new int[] {2}));
    }

    @Test
    void broadcastFailureNamesTheAxis() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shapes.broadcast("add", new int[] {2, 3}, new int[] {3, 2}));
        assertEquals("add: cannot broadcast [2,3] with [3,2]: sizes 2 and 3 differ at axis 0 of the result", e.getMessage());
    }

    @Test
    void axisAcceptsNegativeAndRejectsOutOfRange() {
        assertEquals(2, Shapes.axis("op", -1, 3));
        assertThrows(IllegalArgumentException.class, () -> Shapes.axis("op", 3, 3));
    }

    @Test
    void numelRejectsNegativeSizes() {
        assertThrows(IllegalArgumentException.class, () -> Shapes.numel(new int[] {2, -1}));
        assertEquals(1, Shapes.numel(new int[0]));
    }
}
