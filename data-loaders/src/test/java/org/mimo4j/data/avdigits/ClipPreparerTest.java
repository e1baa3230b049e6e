package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mimo4j.data.io.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipPreparerTest {

    /** A 16-bit mono WAV: {@code before} s of silence, {@code tone} s of 440 Hz at amplitude 0.3, {@code after} s silence. */
    static void writeWav(Path file, int rate, double before, double tone, double after) throws Exception {
        int n0 = (int) (before * rate);
        int n1 = (int) (tone * rate);
        int n = n0 + n1 + (int) (after * rate);
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(2 * n);
        for (int i = 0; i < n; i++) {
            double v = i >= n0 && i < n0 + n1 ? 0.3 * Math.sin(2 * Math.PI * 440 * i / rate) : 0;
            b.putShort((short) Math.round(v * 32767));
        }
        Files.write(file, b.array());
    }

    @Test
    void resamplesTrimsAndNormalises(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("a.wav");
        writeWav(wav, 22050, 0.2, 0.3, 0.25);
        float[] clip = new ClipPreparer(8000).prepare(wav);
        assertEquals(2400, clip.length, 160, "0.3 s at 8 kHz, give or take a trimming frame either side");
        float peak = 0;
        for (float v : clip) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(1f, peak, 1e-6f);
    }

    @Test
    void silentClipIsRejectedNamingTheFile(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("silent.wav");
        writeWav(wav, 8000, 0.5, 0, 0);
        var e = assertThrows(DataFormatException.class, () -> new ClipPreparer(8000).prepare(wav));
        assertTrue(e.getMessage().startsWith(wav + " [data chunk]: the clip is silent"), e.getMessage());
    }
}
