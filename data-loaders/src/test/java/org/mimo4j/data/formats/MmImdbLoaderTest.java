package org.mimo4j.data.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.engine.tensor.Rng;

class MmImdbLoaderTest {
    private static final int N = 10;

    @TempDir
    Path root;

    /** multimodal_imdb.hdf5 with the datasets MultiBench reads; movie i has genres i % 23 and (i + 5) % 23. */
    private Path write(int[][] genres, int textWidth) {
        Rng rng = new Rng(51);
        float[][] text = new float[N][textWidth];
        float[][] vgg = new float[N][4096];
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < textWidth; k++) {
                text[i][k] = (float) rng.nextGaussian();
            }
            vgg[i][i] = i + 1;
        }
        Path file = root.resolve("multimodal_imdb.hdf5");
        try (WritableHdfFile w = HdfFile.write(file)) {
            w.putDataset("features", text);
            w.putDataset("vgg_features", vgg);
            w.putDataset("genres", genres);
        }
        return file;
    }

    private static int[][] genres() {
        int[][] g = new int[N][23];
        for (int i = 0; i < N; i++) {
            g[i][i % 23] = 1;
            g[i][(i + 5) % 23] = 1;
        }
        return g;
    }

    @Test
    void splitsByPublishedStyleIndexRangesWithMultiHotTargets() throws IOException {
        MmImdbLoader.MmImdbSplits s = MmImdbLoader.load(write(genres(), 300), 6, 8);
        assertEquals(6, s.train().size());
        assertEquals(2, s.validation().size());
        assertEquals(2, s.test().size());
        assertTrue(s.test().has(0, 8) && s.test().has(0, 13));
        assertFalse(s.test().has(0, 9));
        float[] image = new float[4096];
        s.validation().modalities().get(1).copySample(1, image, 0);
        assertEquals(8f, image[7]);
        assertArrayEquals(new int[] {300}, s.train().modalities().get(0).sampleShape());
    }

    @Test
    void genreValuesOtherThanZeroOrOneAreRejected() {
        int[][] g = genres();
        g[4][2] = 2;
        Path file = write(g, 300);
        var e = assertThrows(DataFormatException.class, () -> MmImdbLoader.load(file, 6, 8));
        assertTrue(e.getMessage().contains("genres") && e.getMessage().contains("element " + (4 * 23 + 2)), e.getMessage());
    }

    @Test
    void wrongTextWidthIsRejected() {
        Path file = write(genres(), 299);
        var e = assertThrows(DataFormatException.class, () -> MmImdbLoader.load(file, 6, 8));
        assertTrue(e.getMessage().contains("features") && e.getMessage().contains("299"), e.getMessage());
    }

    @Test
    void fileSmallerThanThePublishedSplitIsRejected() {
        Path file = write(genres(), 300);
        var e = assertThrows(DataFormatException.class, () -> MmImdbLoader.load(file));
        assertTrue(e.getMessage().contains("25,959"), e.getMessage());
    }
}
