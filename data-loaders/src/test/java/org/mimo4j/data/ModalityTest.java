package org.mimo4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModalityTest {

    @Test
    void copiesFloatSamples() {
        Modality m = Modality.ofFloats("x", new float[] {1, 2, 3, 4, 5, 6}, 3);
        assertEquals(2, m.count());
        float[] dst = new float[4];
        m.copySample(1, dst, 1);
        assertArrayEquals(new float[] {0, 4, 5, 6}, dst);
    }

    @Test
    void dequantisesUnsignedBytes() {
        Modality m = Modality.ofQuantized("q", new byte[] {0, (byte) 255, (byte) 128, 1}, 0.5f, -1f, 2);
        float[] dst = new float[2];
        m.copySample(0, dst, 0);
        assertArrayEquals(new float[] {-1f, 126.5f}, dst);
        m.copySample(1, dst, 0);
        assertArrayEquals(new float[] {63f, -0.5f}, dst);
    }

    @Test
    void selectKeepsStorageKindAndOrder() {
        Modality m = Modality.ofQuantized("q", new byte[] {1, 2, 3}, 1f, 0f, 1);
        Modality s = m.select(new int[] {2, 0});
        float[] dst = new float[1];
        s.copySample(0, dst, 0);
        assertEquals(3f, dst[0]);
        s.copySample(1, dst, 0);
        assertEquals(1f, dst[0]);
    }

    @Test
    void rejectsPartialSamplesAndBadIndices() {
        var e = assertThrows(IllegalArgumentException.class, () -> Modality.ofFloats("a", new float[5], 2, 2));
        assertEquals("modality 'a': 5 values are not a whole number of samples of shape [2, 2]", e.getMessage());
        Modality m = Modality.ofFloats("a", new float[4], 2);
        assertThrows(IndexOutOfBoundsException.class, () -> m.copySample(2, new float[2], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.select(new int[] {-1}));
    }
}
