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
import org.mimo4j.data.Dataset;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;
import org.mimo4j.data.io.NpyWriter;
import org.mimo4j.engine.tensor.Rng;

class CremaDLoaderTest {
    private static final CremaDLoader.Options SMALL = new CremaDLoader.Options(2, 8, "Image-01-FPS", null, null, false);

    @TempDir
    Path root;

    /** OGM-GE layout: csv rows clip,LABEL; AudioWAV/<clip>.wav at 16 kHz; Image-01-FPS/<clip>/ frames. */
    private void writeClip(String clip, double hz, int colour) throws IOException {
        FormatFixtures.wav(root.resolve("AudioWAV/" + clip + ".wav"), 16000, FormatFixtures.sine(16000, 1.3, hz));
        FormatFixtures.frames(root.resolve("Image-01-FPS/" + clip), 3, colour);
    }

    private void writeValid() throws IOException {
        writeClip("1001_DFA_ANG_XX", 1000, 0x200000);
        writeClip("1002_IEO_HAP_HI", 2000, 0x002000);
        writeClip("1003_TIE_SAD_XX", 3000, 0x000020);
        Files.writeString(root.resolve("train.csv"), "\uFEFF1001_DFA_ANG_XX,ANG\n1002_IEO_HAP_HI,HAP\n");
        Files.writeString(root.resolve("test.csv"), "1003_TIE_SAD_XX,SAD\n");
    }

    @Test
    void readsLabelsSpectrogramsAndFramesInThePublishedShapes() throws IOException {
        writeValid();
        Splits s = CremaDLoader.load(root, SMALL);
        assertArrayEquals(new int[] {5, 1}, s.train().labels());
        assertArrayEquals(new int[] {2}, s.test().labels());
        assertTrue(s.validation().isEmpty());
        assertArrayEquals(new int[] {1, 257, 188}, s.train().modality("audio").sampleShape());
        assertArrayEquals(new int[] {2, 3, 8, 8}, s.train().modality("visual").sampleShape());
    }

    @Test
    void spectrogramPeaksAtTheSineFrequency() throws IOException {
        writeValid();
        Dataset train = CremaDLoader.load(root, SMALL).train();
        float[] spec = new float[257 * 188];
        train.modality("audio").copySample(0, spec, 0);
        // 1 kHz at 22,050 Hz with n_fft 512: bin 1000 * 512 / 22050 = 23.2.
        int column = 94;
        int best = 0;
        for (int b = 1; b < 257; b++) {
            best = spec[b * 188 + column] > spec[best * 188 + column] ? b : best;
        }
        assertEquals(23, best);
    }

    @Test
    void framesAreEvenlySpacedAndChannelFirst() throws IOException {
        writeValid();
        Dataset train = CremaDLoader.load(root, SMALL).train();
        float[] frames = new float[2 * 3 * 64];
        train.modality("visual").copySample(0, frames, 0);
        // Frames 0 and 1 of 3 (floor(i * 3 / 2)): red 0x20 then 0x30; green 0x00 then 0x10.
        assertEquals(0x20 / 255f, frames[0], 0.5f / 255);
        assertEquals(0x00 / 255f, frames[64], 0.5f / 255);
        assertEquals(0x30 / 255f, frames[192], 0.5f / 255);
        assertEquals(0x10 / 255f, frames[192 + 64], 0.5f / 255);
    }

    @Test
    void unknownLabelNamesFileAndLine() throws IOException {
        writeValid();
        Files.writeString(root.resolve("test.csv"), "1003_TIE_SAD_XX,SAD\n1003_TIE_SAD_XX,CALM\n");
        var e = assertThrows(DataFormatException.class, () -> CremaDLoader.load(root, SMALL));
        assertTrue(e.getMessage().contains("test.csv") && e.getMessage().contains("'CALM'"), e.getMessage());
        assertEquals("line 2", e.location());
    }

    @Test
    void missingAudioFailsUnlessSkipped() throws IOException {
        writeValid();
        Files.delete(root.resolve("AudioWAV/1002_IEO_HAP_HI.wav"));
        var e = assertThrows(DataFormatException.class, () -> CremaDLoader.load(root, SMALL));
        assertTrue(e.getMessage().contains("1002_IEO_HAP_HI.wav") && e.getMessage().contains("train.csv"), e.getMessage());
        var skipping = new CremaDLoader.Options(2, 8, "Image-01-FPS", null, null, true);
        assertArrayEquals(new int[] {5}, CremaDLoader.load(root, skipping).train().labels());
    }

    @Test
    void fbankVariantReadsNpyFeaturesOfTheDeclaredShape() throws IOException {
        writeValid();
        Rng rng = new Rng(4);
        for (String clip : new String[] {"1001_DFA_ANG_XX", "1002_IEO_HAP_HI", "1003_TIE_SAD_XX"}) {
            NpyWriter.write(root.resolve("fbank/" + clip + ".npy"), NdArray.ofFloats(FormatFixtures.gaussian(rng, 40), 10, 4));
        }
        var fbank = new CremaDLoader.Options(2, 8, "Image-01-FPS", "fbank", new int[] {10, 4}, false);
        Splits s = CremaDLoader.load(root, fbank);
        assertArrayEquals(new int[] {1, 10, 4}, s.test().modality("audio").sampleShape());
        float[] back = new float[40];
        s.test().modality("audio").copySample(0, back, 0);
        assertArrayEquals(org.mimo4j.data.io.NpyReader.read(root.resolve("fbank/1003_TIE_SAD_XX.npy")).floats(), back);

        NpyWriter.write(root.resolve("fbank/1003_TIE_SAD_XX.npy"), NdArray.ofFloats(new float[44], 11, 4));
        var e = assertThrows(DataFormatException.class, () -> CremaDLoader.load(root, fbank));
        assertTrue(e.getMessage().contains("[11, 4]") && e.getMessage().contains("[10, 4]"), e.getMessage());
    }

    @Test
    void corruptWavIsAFormatErrorNamingTheFile() throws IOException {
        writeValid();
        Files.writeString(root.resolve("AudioWAV/1003_TIE_SAD_XX.wav"), "not audio");
        var e = assertThrows(DataFormatException.class, () -> CremaDLoader.load(root, SMALL));
        assertTrue(e.getMessage().contains("1003_TIE_SAD_XX.wav"), e.getMessage());
    }
}
