package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {

    @Test
    void decodes16BitMono() throws Exception {
        WavAudio a = WavReader.read(WavBytes.pcm16(1, 8000, (short) 0, (short) 16384, (short) -32768).build(), "m.wav");
        assertEquals(8000, a.sampleRate());
        assertEquals(16, a.bitsPerSample());
        assertArrayEquals(new float[] {0f, 0.5f, -1f}, a.mono());
    }

    @Test
    void decodes16BitStereoAndMixesToMono() throws Exception {
        WavAudio a = WavReader.read(WavBytes.pcm16(2, 22050, (short) 16384, (short) 0, (short) -16384, (short) -16384).build(), "s.wav");
        assertEquals(2, a.channels().length);
        assertArrayEquals(new float[] {0.5f, -0.5f}, a.channels()[0]);
        assertArrayEquals(new float[] {0f, -0.5f}, a.channels()[1]);
        assertArrayEquals(new float[] {0.25f, -0.5f}, a.mono());
    }

    @Test
    void decodes8BitUnsignedAroundTheMidpoint() throws Exception {
        WavAudio a = WavReader.read(WavBytes.pcm8(1, 8000, (byte) 128, (byte) 192, (byte) 0).build(), "u8.wav");
        assertArrayEquals(new float[] {0f, 0.5f, -1f}, a.mono());
    }

    @Test
    void skipsUnknownChunksIncludingThePadByte() throws Exception {
        WavBytes w = WavBytes.pcm16(1, 8000, (short) 100, (short) 200);
        w.extraChunk = new byte[] {1, 2, 3};
        assertEquals(2, WavReader.read(w.build(), "list.wav").frames());
    }

    @Test
    void readsFromAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.wav");
        Files.write(f, WavBytes.pcm16(1, 16000, (short) 1, (short) 2).build());
        assertEquals(16000, WavReader.read(f).sampleRate());
    }

    @Test
    void wrongMagicNamesTheFileAndOffset() {
        byte[] bytes = WavBytes.pcm16(1, 8000, (short) 1).build();
        bytes[0] = 'X';
        var e = assertThrows(DataFormatException.class, () -> WavReader.read(bytes, "bad.wav"));
        assertEquals("bad.wav [offset 0]: found 'XIFF'; expected 'RIFF' (a RIFF/WAVE file)", e.getMessage());
    }

    @Test
    void everyTruncationFailsClearly() {
        byte[] full = WavBytes.pcm16(2, 8000, (short) 1, (short) 2, (short) 3, (short) 4).build();
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            var e = assertThrows(DataFormatException.class, () -> WavReader.read(part, "t.wav"), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("t.wav [offset "), e.getMessage());
        }
    }

    @Test
    void compressedFormatIsRejectedWithAHint() {
        WavBytes w = WavBytes.pcm16(1, 8000, (short) 1);
        w.formatTag = 0x31;
        var e = assertThrows(DataFormatException.class, () -> WavReader.read(w.build(), "gsm.wav"));
        assertTrue(e.getMessage().contains("audio format 0x0031 is not supported; expected 0x0001"), e.getMessage());
    }

    @Test
    void inconsistentBlockAlignIsRejected() {
        WavBytes w = WavBytes.pcm16(1, 8000, (short) 1);
        w.blockAlign = 4;
        var e = assertThrows(DataFormatException.class, () -> WavReader.read(w.build(), "a.wav"));
        assertEquals("a.wav [offset 32]: block align 4 disagrees with 1 channels of 16-bit samples; expected 2",
                e.getMessage());
    }

    @Test
    void wrongRedundantByteRateIsToleratedAsRealWritersProduceIt() throws Exception {
        WavBytes w = WavBytes.pcm16(1, 8000, (short) 8192);
        w.byteRate = 32000;
        assertArrayEquals(new float[] {0.25f}, WavReader.read(w.build(), "flite.wav").mono());
    }

    @Test
    void unsupportedWidthAndChannelCountAreRejected() {
        WavBytes w24 = WavBytes.pcm16(1, 8000, (short) 1);
        w24.bits = 24;
        assertTrue(assertThrows(DataFormatException.class, () -> WavReader.read(w24.build(), "w.wav"))
                .getMessage().contains("24 bits per sample; expected 8 or 16"));
        WavBytes w6 = WavBytes.pcm16(6, 8000, new short[6]);
        assertTrue(assertThrows(DataFormatException.class, () -> WavReader.read(w6.build(), "w.wav"))
                .getMessage().contains("6 channels; expected 1 or 2"));
    }

    @Test
    void dataSizeNotAWholeNumberOfFramesIsRejected() {
        WavBytes w = WavBytes.pcm16(2, 8000, (short) 1, (short) 2);
        w.samples = Arrays.copyOf(w.samples, 3);
        var e = assertThrows(DataFormatException.class, () -> WavReader.read(w.build(), "odd.wav"));
        assertTrue(e.getMessage().contains("data size 3 is not a multiple of the block align 4"), e.getMessage());
    }

    @Test
    void hugeDeclaredChunkSizeIsATruncationNotAnAllocation() {
        byte[] bytes = WavBytes.pcm16(1, 8000, (short) 1).build();
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7FFFFFF0);
        var e = assertThrows(DataFormatException.class, () -> WavReader.read(bytes, "big.wav"));
        assertEquals("big.wav [offset 40]: truncated: chunk 'data' declares 2147483632 bytes but only 2 remain"
                + " in the RIFF body", e.getMessage());
    }
}
