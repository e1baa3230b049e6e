package org.mimo4j.data.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.io.DType;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;
import org.mimo4j.data.io.NpyReader;
import org.mimo4j.data.io.NpyWriter;
import org.mimo4j.engine.tensor.Rng;

class AvMnistLoaderTest {
    @TempDir
    Path root;

    /** MultiBench layout: float32 images N x 784 and uint8 audio N x 112 x 112, both 0..255; int64 labels. */
    private void writeSplit(String split, int n, Rng rng, long[] labels) throws IOException {
        float[] image = new float[n * 784];
        for (int i = 0; i < image.length; i++) {
            image[i] = rng.nextInt(256);
        }
        byte[] audio = new byte[n * 112 * 112];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) rng.nextInt(256);
        }
        NpyWriter.write(root.resolve("image/" + split + "_data.npy"), NdArray.ofFloats(image, n, 784));
        NpyWriter.write(root.resolve("audio/" + split + "_data.npy"), NdArray.ofBytes(DType.UINT8, audio, n, 112, 112));
        NpyWriter.write(root.resolve(split + "_labels.npy"), NdArray.ofLongs(labels, n));
    }

    private void writeValid() throws IOException {
        Rng rng = new Rng(9);
        writeSplit("train", 8, rng, new long[] {0, 1, 2, 3, 4, 5, 6, 9});
        writeSplit("test", 4, rng, new long[] {7, 8, 9, 0});
    }

    @Test
    void lastTrainRowsBecomeValidationAndValuesAreScaledTo01() throws IOException {
        writeValid();
        Splits s = AvMnistLoader.load(root, 3);
        assertEquals(5, s.train().size());
        Dataset valid = s.validation().orElseThrow();
        assertArrayEquals(new int[] {5, 6, 9}, valid.labels());
        assertArrayEquals(new int[] {7, 8, 9, 0}, s.test().labels());
        assertArrayEquals(new int[] {1, 28, 28}, s.train().modality("image").sampleShape());
        assertArrayEquals(new int[] {1, 112, 112}, s.train().modality("audio").sampleShape());

        float[] raw = NpyReader.read(root.resolve("image/train_data.npy")).floats();
        float[] sample = new float[784];
        valid.modality("image").copySample(0, sample, 0);
        for (int i = 0; i < 784; i++) {
            assertEquals(raw[5 * 784 + i] / 255f, sample[i], 1e-7f, "pixel " + i);
        }
        float[] audio = new float[112 * 112];
        s.test().modality("audio").copySample(3, audio, 0);
        for (float v : audio) {
            assertTrue(v >= 0 && v <= 1, "audio value " + v);
        }
    }

    @Test
    void labelOutOfRangeNamesTheFileAndSample() throws IOException {
        writeValid();
        NpyWriter.write(root.resolve("test_labels.npy"), NdArray.ofLongs(new long[] {7, 8, 10, 0}, 4));
        var e = assertThrows(DataFormatException.class, () -> AvMnistLoader.load(root, 3));
        assertTrue(e.getMessage().contains("test_labels.npy") && e.getMessage().contains("label 2")
                && e.getMessage().contains("0..9"), e.getMessage());
    }

    @Test
    void wrongAudioShapeIsRejected() throws IOException {
        writeValid();
        NpyWriter.write(root.resolve("audio/test_data.npy"), NdArray.zeros(DType.UINT8, 4, 112, 100));
        var e = assertThrows(DataFormatException.class, () -> AvMnistLoader.load(root, 3));
        assertTrue(e.getMessage().contains("audio/test_data.npy") && e.getMessage().contains("112, 100"), e.getMessage());
    }

    @Test
    void sampleCountMismatchIsRejected() throws IOException {
        writeValid();
        NpyWriter.write(root.resolve("test_labels.npy"), NdArray.ofLongs(new long[] {7, 8, 9}, 3));
        var e = assertThrows(DataFormatException.class, () -> AvMnistLoader.load(root, 3));
        assertTrue(e.getMessage().contains("samples"), e.getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() throws IOException {
        writeValid();
        java.nio.file.Files.delete(root.resolve("audio/train_data.npy"));
        assertThrows(NoSuchFileException.class, () -> AvMnistLoader.load(root, 3));
    }

    @Test
    void validationLargerThanTrainIsRejected() throws IOException {
        writeValid();
        assertThrows(DataFormatException.class, () -> AvMnistLoader.load(root));
    }
}
