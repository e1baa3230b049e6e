package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.io.DType;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;
import org.mimo4j.data.io.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitArraysTest {

    private static SplitArrays sample(int n) {
        byte[] img = new byte[n * 784];
        byte[] aud = new byte[n * 12];
        byte[] lab = new byte[n];
        for (int i = 0; i < img.length; i++) {
            img[i] = (byte) (i * 7);
        }
        for (int i = 0; i < aud.length; i++) {
            aud[i] = (byte) (i * 13 + 1);
        }
        for (int i = 0; i < n; i++) {
            lab[i] = (byte) (i % 10);
        }
        return new SplitArrays("train", img, aud, lab, 3, 4);
    }

    @Test
    void writeThenReadGivesTheSameDataset(@TempDir Path dir) throws Exception {
        SplitArrays s = sample(5);
        s.write(dir);
        SplitArrays r = SplitArrays.read(dir, "train", 3, 4);
        assertEquals(s.toDataset().checksum(), r.toDataset().checksum());
    }

    @Test
    void imagesAreScaledToUnitRangeAndSpectrogramsToLogMagnitude() {
        Dataset d = sample(2).toDataset();
        assertArrayEquals(new int[] {1, 28, 28}, d.modality("image").sampleShape());
        assertArrayEquals(new int[] {1, 3, 4}, d.modality("audio").sampleShape());
        float[] px = new float[784];
        d.modality("image").copySample(0, px, 0);
        assertEquals((7 & 0xFF) / 255f, px[1], 1e-7);
        float[] spec = new float[12];
        d.modality("audio").copySample(0, spec, 0);
        assertEquals(SpectrogramQuantizer.dequantize((byte) 14), spec[1], 1e-6);
    }

    @Test
    void fileWithTheWrongShapeIsRejected(@TempDir Path dir) throws Exception {
        sample(5).write(dir);
        NpyWriter.write(dir.resolve("train-audio.npy"), NdArray.ofBytes(DType.UINT8, new byte[5 * 12], 5, 1, 4, 3));
        var e = assertThrows(DataFormatException.class, () -> SplitArrays.read(dir, "train", 3, 4));
        assertTrue(e.getMessage().contains("train-audio.npy [header]: holds NdArray[u1 [5, 1, 4, 3]]; expected u1 [5, 1, 3, 4]"),
                e.getMessage());
    }
}
