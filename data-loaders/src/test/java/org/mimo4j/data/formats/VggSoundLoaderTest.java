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

class VggSoundLoaderTest {
    private static final VggSoundLoader.Options SMALL = new VggSoundLoader.Options("audio", "frames", 1, 4, false);

    @TempDir
    Path root;

    private void writeClip(String clip, double hz) throws IOException {
        FormatFixtures.wav(root.resolve("audio/" + clip + ".wav"), 16000, FormatFixtures.sine(16000, 2.0, hz));
        FormatFixtures.frames(root.resolve("frames/" + clip), 2, 0x808080);
    }

    private void writeValid() throws IOException {
        writeClip("---g-f_I2yQ_1", 500);
        writeClip("abc_30", 4000);
        writeClip("xyz_0", 500);
        Files.writeString(root.resolve("vggsound.csv"), "---g-f_I2yQ,1,\"male speech, man speaking\",train\n"
                + "abc,30,dog barking,train\nxyz,0,\"male speech, man speaking\",test\n");
    }

    @Test
    void readsClipsBySplitWithOgmGeSpectrogramShape() throws IOException {
        writeValid();
        Splits s = VggSoundLoader.load(root, SMALL);
        assertArrayEquals(new int[] {1, 0}, s.train().labels());
        assertArrayEquals(new int[] {1}, s.test().labels());
        assertArrayEquals(new int[] {1, 129, 626}, s.train().modality("audio").sampleShape());
        float[] spec = new float[129 * 626];
        s.train().modality("audio").copySample(1, spec, 0);
        // 4 kHz at 16 kHz with n_fft 256: bin 4000 * 256 / 16000 = 64.
        int best = 0;
        for (int b = 1; b < 129; b++) {
            best = spec[b * 626 + 300] > spec[best * 626 + 300] ? b : best;
        }
        assertEquals(64, best);
    }

    @Test
    void unknownSplitNameIsRejected() throws IOException {
        writeValid();
        Files.writeString(root.resolve("vggsound.csv"), "abc,30,dog barking,val\n");
        var e = assertThrows(DataFormatException.class, () -> VggSoundLoader.load(root, SMALL));
        assertTrue(e.getMessage().contains("'val'") && e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void wrongColumnCountIsRejected() throws IOException {
        writeValid();
        Files.writeString(root.resolve("vggsound.csv"), "abc,30,dog barking\n");
        var e = assertThrows(DataFormatException.class, () -> VggSoundLoader.load(root, SMALL));
        assertTrue(e.getMessage().contains("id,start,label,split"), e.getMessage());
    }

    @Test
    void missingClipsCanBeSkippedLikeThePublishedLoader() throws IOException {
        writeValid();
        Files.delete(root.resolve("audio/abc_30.wav"));
        assertThrows(DataFormatException.class, () -> VggSoundLoader.load(root, SMALL));
        var skip = new VggSoundLoader.Options("audio", "frames", 1, 4, true);
        assertArrayEquals(new int[] {1}, VggSoundLoader.load(root, skip).train().labels());
    }
}
