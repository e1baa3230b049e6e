package org.mimo4j.data.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV file bytes for tests, field by field, so that each test can break exactly one field. */
final class WavBytes {
    int formatTag = 1;
    int channels = 1;
    int sampleRate = 8000;
    int bits = 16;
    int blockAlign = -1;
    long byteRate = -1;
    byte[] extraChunk = null;
    byte[] samples = new byte[0];

    static WavBytes pcm16(int channels, int rate, short... interleaved) {
        WavBytes w = new WavBytes();
        w.channels = channels;
        w.sampleRate = rate;
        ByteBuffer b = ByteBuffer.allocate(interleaved.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : interleaved) {
            b.putShort(s);
        }
        w.samples = b.array();
        return w;
    }

    static WavBytes pcm8(int channels, int rate, byte... interleaved) {
        WavBytes w = new WavBytes();
        w.channels = channels;
        w.sampleRate = rate;
        w.bits = 8;
        w.samples = interleaved;
        return w;
    }

    byte[] build() {
        int align = blockAlign >= 0 ? blockAlign : channels * bits / 8;
        long rate = byteRate >= 0 ? byteRate : (long) sampleRate * align;
        int extra = extraChunk == null ? 0 : 8 + extraChunk.length + (extraChunk.length & 1);
        int total = 12 + 24 + extra + 8 + samples.length;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(total - 8).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) formatTag).putShort((short) channels)
                .putInt(sampleRate).putInt((int) rate).putShort((short) align).putShort((short) bits);
        if (extraChunk != null) {
            b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(extraChunk.length).put(extraChunk);
            if ((extraChunk.length & 1) == 1) {
                b.put((byte) 0);
            }
        }
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length).put(samples);
        return b.array();
    }
}
