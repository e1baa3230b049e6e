package org.mimo4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    static Dataset twoModalities(int n) {
        float[] a = new float[n * 2];
        byte[] b = new byte[n * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            a[2 * i] = i;
            a[2 * i + 1] = -i;
            for (int j = 0; j < 3; j++) {
                b[3 * i + j] = (byte) (i + j);
            }
            labels[i] = i % 3;
        }
        return new Dataset("toy", List.of(Modality.ofFloats("a", a, 2), Modality.ofQuantized("b", b, 1f, 0f, 3, 1)),
                labels, 3);
    }

    @Test
    void exposesModalitiesLabelsAndSize() {
        Dataset d = twoModalities(5);
        assertEquals(5, d.size());
        assertEquals(List.of("a", "b"), d.modalityNames());
        assertArrayEquals(new int[] {3, 1}, d.modality("b").sampleShape());
        assertEquals(2, d.label(5 - 3));
    }

    @Test
    void subsetPicksSamplesAndLabelsTogether() {
        Dataset s = twoModalities(6).subset("toy/sub", new int[] {4, 1});
        assertArrayEquals(new int[] {1, 1}, s.labels());
        float[] dst = new float[2];
        s.modality("a").copySample(0, dst, 0);
        assertArrayEquals(new float[] {4, -4}, dst);
    }

    @Test
    void checksumIsStableAndSensitiveToEveryPart() {
        String c = twoModalities(6).checksum();
        assertEquals(64, c.length());
        assertEquals(c, twoModalities(6).checksum());
        assertNotEquals(c, twoModalities(7).checksum());
        assertNotEquals(c, twoModalities(6).subset("p", new int[] {1, 0, 2, 3, 4, 5}).checksum());
    }

    @Test
    void rejectsMismatchedCountsLabelsOutOfRangeAndUnknownModality() {
        var count = assertThrows(IllegalArgumentException.class, () -> new Dataset("d",
                List.of(Modality.ofFloats("a", new float[3], 1)), new int[2], 2));
        assertEquals("dataset 'd': modality 'a' has 3 samples but there are 2 labels", count.getMessage());
        var label = assertThrows(IllegalArgumentException.class, () -> new Dataset("d",
                List.of(Modality.ofFloats("a", new float[2], 1)), new int[] {0, 2}, 2));
        assertEquals("dataset 'd': label 2 of sample 1 is outside 0..1", label.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> twoModalities(2).modality("c"));
        assertEquals("dataset 'toy' has no modality 'c'; it has [a, b]", unknown.getMessage());
    }
}
