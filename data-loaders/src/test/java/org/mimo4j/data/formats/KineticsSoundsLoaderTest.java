package org.mimo4j.data.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;
import org.mimo4j.data.io.NpyReader;
import org.mimo4j.data.io.NpyWriter;
import org.mimo4j.engine.tensor.Rng;

class KineticsSoundsLoaderTest {
    private static final KineticsSoundsLoader.Options SMALL =
            new KineticsSoundsLoader.Options("audio", "visual", new int[] {16, 8}, 2, 6, false);

    @TempDir
    Path root;

    private void writeClip(String id, Rng rng) throws IOException {
        NpyWriter.write(root.resolve("audio/" + id + ".npy"), NdArray.ofFloats(FormatFixtures.gaussian(rng, 128), 16, 8));
        FormatFixtures.frames(root.resolve("visual/" + id), 4, 0x102030);
    }

    private void writeValid() throws IOException {
        Rng rng = new Rng(11);
        for (String id : new String[] {"abc", "def", "ghi", "jkl"}) {
            writeClip(id, rng);
        }
        Files.writeString(root.resolve("my_train.txt"), "abc,10,playing drums\ndef,10,blowing nose\nghi,10,playing drums\n");
        Files.writeString(root.resolve("my_test.txt"), "jkl,10,blowing nose\n");
    }

    @Test
    void classesAreTheSortedTrainNamesAndFeaturesArePassedThrough() throws IOException {
        writeValid();
        Splits s = KineticsSoundsLoader.load(root, SMALL);
        assertEquals(2, s.train().numClasses());
        assertArrayEquals(new int[] {1, 0, 1}, s.train().labels());
        assertArrayEquals(new int[] {0}, s.test().labels());
        assertArrayEquals(new int[] {1, 16, 8}, s.train().modality("audio").sampleShape());
        assertArrayEquals(new int[] {2, 3, 6, 6}, s.test().modality("visual").sampleShape());
        float[] back = new float[128];
        s.train().modality("audio").copySample(1, back, 0);
        assertArrayEquals(NpyReader.read(root.resolve("audio/def.npy")).floats(), back);
    }

    @Test
    void twoColumnRowsAreAccepted() throws IOException {
        writeValid();
        Files.writeString(root.resolve("my_test.txt"), "jkl,blowing nose\n");
        assertArrayEquals(new int[] {0}, KineticsSoundsLoader.load(root, SMALL).test().labels());
    }

    @Test
    void testClassMissingFromTrainIsOutOfRange() throws IOException {
        writeValid();
        Files.writeString(root.resolve("my_test.txt"), "jkl,10,tapping guitar\n");
        var e = assertThrows(DataFormatException.class, () -> KineticsSoundsLoader.load(root, SMALL));
        assertTrue(e.getMessage().contains("my_test.txt") && e.getMessage().contains("'tapping guitar'"), e.getMessage());
    }

    @Test
    void fbankOfTheWrongShapeIsRejected() throws IOException {
        writeValid();
        NpyWriter.write(root.resolve("audio/ghi.npy"), NdArray.ofFloats(new float[128], 8, 16));
        var e = assertThrows(DataFormatException.class, () -> KineticsSoundsLoader.load(root, SMALL));
        assertTrue(e.getMessage().contains("ghi.npy") && e.getMessage().contains("[16, 8]"), e.getMessage());
    }

    @Test
    void tooFewFramesIsRejected() throws IOException {
        writeValid();
        var many = new KineticsSoundsLoader.Options("audio", "visual", new int[] {16, 8}, 5, 6, false);
        var e = assertThrows(DataFormatException.class, () -> KineticsSoundsLoader.load(root, many));
        assertTrue(e.getMessage().contains("4 frames") && e.getMessage().contains("at least 5"), e.getMessage());
    }

    @Test
    void missingFrameFolderNamesTheListLine() throws IOException {
        writeValid();
        Files.walk(root.resolve("visual/ghi")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        var e = assertThrows(DataFormatException.class, () -> KineticsSoundsLoader.load(root, SMALL));
        assertEquals("line 3", e.location());
    }
}
