package org.mimo4j.data.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NpzWriter;
import org.mimo4j.engine.tensor.Rng;

class CmuMoseiLoaderTest {
    private static final int[] FEATURES = {CmuMoseiLoader.VISION, CmuMoseiLoader.AUDIO, CmuMoseiLoader.TEXT};
    private static final float[] SCORES = {-3f, -0.4f, 0f, 0.6f, 2.5f, 3f};

    @TempDir
    Path root;

    private void writeAll(float[] trainScores) throws IOException {
        Rng rng = new Rng(41);
        NpzWriter.write(root.resolve("train.npz"), UrFunnyLoaderTest.split(rng, trainScores.length, FEATURES, trainScores), true);
        NpzWriter.write(root.resolve("valid.npz"), UrFunnyLoaderTest.split(rng, 1, FEATURES, new float[] {-1}), true);
        NpzWriter.write(root.resolve("test.npz"), UrFunnyLoaderTest.split(rng, 1, FEATURES, new float[] {1}), true);
    }

    @Test
    void binaryTaskSplitsAtZeroWithZeroPositive() throws IOException {
        writeAll(SCORES);
        Splits s = CmuMoseiLoader.load(root, CmuMoseiLoader.Task.BINARY);
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 1}, s.train().labels());
        assertEquals(2, s.train().numClasses());
    }

    @Test
    void sevenClassTaskRoundsAndShifts() throws IOException {
        writeAll(SCORES);
        Splits s = CmuMoseiLoader.load(root, CmuMoseiLoader.Task.SEVEN_CLASS);
        assertArrayEquals(new int[] {0, 3, 3, 4, 6, 6}, s.train().labels());
        assertArrayEquals(new int[] {2}, s.validation().orElseThrow().labels());
        assertArrayEquals(new int[] {4, 35}, s.test().modality("vision").sampleShape());
    }

    @Test
    void scoreOutsideTheSentimentRangeIsRejected() throws IOException {
        writeAll(new float[] {0.5f, 3.5f});
        var e = assertThrows(DataFormatException.class, () -> CmuMoseiLoader.load(root, CmuMoseiLoader.Task.BINARY));
        assertTrue(e.getMessage().contains("label 1") && e.getMessage().contains("[-3, 3]"), e.getMessage());
    }

    @Test
    void nanScoreIsRejected() throws IOException {
        writeAll(new float[] {Float.NaN});
        assertThrows(DataFormatException.class, () -> CmuMoseiLoader.load(root, CmuMoseiLoader.Task.SEVEN_CLASS));
    }

    /** The fixture is the real output of scripts/convert_multibench.py (see multibench/make_fixture.py). */
    @Test
    void readsWhatTheMultiBenchConverterWrites() throws Exception {
        Path dir = Path.of(getClass().getResource("multibench/train.npz").toURI()).getParent();
        Splits s = CmuMoseiLoader.load(dir, CmuMoseiLoader.Task.BINARY);
        assertArrayEquals(new int[] {0, 1, 1}, s.train().labels());
        assertArrayEquals(new int[] {1, 0}, s.validation().orElseThrow().labels());
        assertArrayEquals(new int[] {1, 0}, s.test().labels());
        float[] audio = new float[5 * 74];
        s.train().modality("audio").copySample(0, audio, 0);
        assertEquals(0f, audio[0], "the converter replaces -inf by 0");
        for (int i = 1; i < audio.length; i++) {
            assertEquals((i % 7) - 3, audio[i], "audio element " + i);
        }
    }
}
