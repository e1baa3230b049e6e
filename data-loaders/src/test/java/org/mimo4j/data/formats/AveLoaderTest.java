package org.mimo4j.data.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class AveLoaderTest {
    private static final int N = 5;
    /** Event class of each video; video 3 has its event in only 2 of 10 seconds. */
    private static final int[] EVENTS = {4, 0, 27, 12, 4};

    @TempDir
    Path root;

    private static void write(Path file, String name, Object data) {
        try (WritableHdfFile w = HdfFile.write(file)) {
            w.putDataset(name, data);
        }
    }

    private void writeValid() {
        Rng rng = new Rng(21);
        float[][][] audio = new float[N][10][128];
        float[][][][][] visual = new float[N][10][7][7][512];
        double[][][] labels = new double[N][10][29];
        for (int i = 0; i < N; i++) {
            for (int t = 0; t < 10; t++) {
                for (int k = 0; k < 128; k++) {
                    audio[i][t][k] = (float) rng.nextGaussian();
                }
                visual[i][t][3][4][100] = i + t / 10f;
                boolean event = i != 3 || t < 2;
                labels[i][t][event ? EVENTS[i] : 28] = 1;
            }
        }
        write(root.resolve("audio_feature.h5"), "avadataset", audio);
        write(root.resolve("visual_feature.h5"), "avadataset", visual);
        write(root.resolve("labels.h5"), "avadataset", labels);
        write(root.resolve("train_order.h5"), "order", new int[] {4, 0, 2});
        write(root.resolve("val_order.h5"), "order", new int[] {1});
        write(root.resolve("test_order.h5"), "order", new int[] {3});
    }

    @Test
    void ordersSelectVideosAndTheEventColumnIsTheClass() throws IOException {
        writeValid();
        Splits s = AveLoader.load(root);
        assertArrayEquals(new int[] {4, 4, 27}, s.train().labels());
        assertArrayEquals(new int[] {0}, s.validation().orElseThrow().labels());
        assertArrayEquals(new int[] {12}, s.test().labels());
        assertArrayEquals(new int[] {10, 128}, s.train().modality("audio").sampleShape());
        assertArrayEquals(new int[] {10, 7, 7, 512}, s.train().modality("visual").sampleShape());
        float[] v = new float[10 * 7 * 7 * 512];
        s.train().modality("visual").copySample(2, v, 0);
        int at = ((5 * 7 + 3) * 7 + 4) * 512 + 100;
        assertEquals(2.5f, v[at], 1e-6f);
    }

    @Test
    void orderIndexOutOfRangeNamesTheOrderFile() throws IOException {
        writeValid();
        write(root.resolve("test_order.h5"), "order", new int[] {3, 5});
        var e = assertThrows(DataFormatException.class, () -> AveLoader.load(root));
        assertTrue(e.getMessage().contains("test_order.h5") && e.getMessage().contains("order[1]")
                && e.getMessage().contains("0..4"), e.getMessage());
    }

    @Test
    void labelsOfTheWrongShapeAreRejected() throws IOException {
        writeValid();
        write(root.resolve("labels.h5"), "avadataset", new double[N][10][28]);
        var e = assertThrows(DataFormatException.class, () -> AveLoader.load(root));
        assertTrue(e.getMessage().contains("labels.h5") && e.getMessage().contains("[N, 10, 29]"), e.getMessage());
    }

    @Test
    void videoWithoutAnyEventIsRejected() throws IOException {
        writeValid();
        double[][][] labels = new double[N][10][29];
        for (double[][] video : labels) {
            for (double[] second : video) {
                second[28] = 1;
            }
        }
        write(root.resolve("labels.h5"), "avadataset", labels);
        var e = assertThrows(DataFormatException.class, () -> AveLoader.load(root));
        assertEquals("video 0", e.location());
    }

    @Test
    void wrongDatasetNameListsWhatTheFileHolds() throws IOException {
        writeValid();
        write(root.resolve("audio_feature.h5"), "features", new float[N][10][128]);
        var e = assertThrows(DataFormatException.class, () -> AveLoader.load(root));
        assertTrue(e.getMessage().contains("avadataset") && e.getMessage().contains("/features"), e.getMessage());
    }
}
