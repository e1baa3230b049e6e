package org.mimo4j.data.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;
import org.mimo4j.data.io.NpzWriter;
import org.mimo4j.engine.tensor.Rng;

class UrFunnyLoaderTest {
    private static final int T = 4;

    @TempDir
    Path root;

    /** The arrays convert_multibench.py writes for one split: float32 features [N, T, f], float32 labels [N, 1]. */
    static Map<String, NdArray> split(Rng rng, int n, int[] features, float[] labels) {
        Map<String, NdArray> m = new LinkedHashMap<>();
        String[] names = {"vision", "audio", "text"};
        for (int k = 0; k < 3; k++) {
            m.put(names[k], NdArray.ofFloats(FormatFixtures.gaussian(rng, n * T * features[k]), n, T, features[k]));
        }
        m.put("labels", NdArray.ofFloats(labels, n, 1));
        return m;
    }

    private void writeAll(float[] trainLabels) throws IOException {
        Rng rng = new Rng(31);
        int[] f = {UrFunnyLoader.VISION, UrFunnyLoader.AUDIO, UrFunnyLoader.TEXT};
        NpzWriter.write(root.resolve("train.npz"), split(rng, trainLabels.length, f, trainLabels), false);
        NpzWriter.write(root.resolve("valid.npz"), split(rng, 2, f, new float[] {1, 0}), true);
        NpzWriter.write(root.resolve("test.npz"), split(rng, 1, f, new float[] {1}), false);
    }

    @Test
    void readsTheThreeSplitsWithSequenceModalities() throws IOException {
        writeAll(new float[] {0, 1, 1});
        Splits s = UrFunnyLoader.load(root);
        assertArrayEquals(new int[] {0, 1, 1}, s.train().labels());
        assertArrayEquals(new int[] {1, 0}, s.validation().orElseThrow().labels());
        assertEquals(2, s.test().numClasses());
        assertArrayEquals(new int[] {T, 371}, s.train().modality("vision").sampleShape());
        assertArrayEquals(new int[] {T, 81}, s.train().modality("audio").sampleShape());
        assertArrayEquals(new int[] {T, 300}, s.train().modality("text").sampleShape());
    }

    @Test
    void labelOtherThanZeroOrOneIsRejected() throws IOException {
        writeAll(new float[] {0, 2, 1});
        var e = assertThrows(DataFormatException.class, () -> UrFunnyLoader.load(root));
        assertTrue(e.getMessage().contains("train.npz!labels.npy") && e.getMessage().contains("label 1"), e.getMessage());
    }

    @Test
    void wrongFeatureSizeIsRejected() throws IOException {
        writeAll(new float[] {0, 1});
        Map<String, NdArray> bad = split(new Rng(1), 1, new int[] {371, 74, 300}, new float[] {1});
        NpzWriter.write(root.resolve("test.npz"), bad, false);
        var e = assertThrows(DataFormatException.class, () -> UrFunnyLoader.load(root));
        assertTrue(e.getMessage().contains("test.npz!audio.npy") && e.getMessage().contains("81"), e.getMessage());
    }

    @Test
    void nonFiniteFeaturesAreRejected() throws IOException {
        writeAll(new float[] {0, 1});
        Map<String, NdArray> bad = split(new Rng(1), 1, new int[] {371, 81, 300}, new float[] {1});
        bad.get("text").floats()[7] = Float.NEGATIVE_INFINITY;
        NpzWriter.write(root.resolve("test.npz"), bad, false);
        var e = assertThrows(DataFormatException.class, () -> UrFunnyLoader.load(root));
        assertTrue(e.getMessage().contains("text.npy") && e.getMessage().contains("element 7"), e.getMessage());
    }

    @Test
    void missingArrayListsTheArchiveContents() throws IOException {
        writeAll(new float[] {0, 1});
        Map<String, NdArray> bad = split(new Rng(1), 1, new int[] {371, 81, 300}, new float[] {1});
        bad.remove("labels");
        NpzWriter.write(root.resolve("valid.npz"), bad, false);
        var e = assertThrows(DataFormatException.class, () -> UrFunnyLoader.load(root));
        assertTrue(e.getMessage().contains("valid.npz") && e.getMessage().contains("'labels'"), e.getMessage());
    }
}
