package org.mimo4j.data.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads RIFF/WAVE files holding uncompressed PCM: 8-bit unsigned or 16-bit signed, mono or stereo.
 * Chunks other than {@code fmt } and {@code data} (LIST, fact, ...) are skipped.
 *
 * <p>Every size field is checked against the bytes actually present and the format fields against
 * each other (block align against channels and width), so a truncated or inconsistent file fails with a
 * {@link DataFormatException} naming the offset instead of producing garbage audio.
 */
public final class WavReader {
    private static final int PCM = 1;

    private WavReader() {
    }

    /** Reads and decodes a whole WAV file. */
    public static WavAudio read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /** Decodes WAV content held in memory; {@code name} is used in error messages. */
    public static WavAudio read(byte[] bytes, String name) throws DataFormatException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        expectTag(b, 0, "RIFF", name);
        long riffSize = uint32(b, 4, name, "RIFF size");
        expectTag(b, 8, "WAVE", name);
        if (riffSize + 8 > bytes.length) {
            throw new DataFormatException(name, "offset 4", "truncated: RIFF size " + riffSize + " needs "
                    + (riffSize + 8) + " bytes but the file has " + bytes.length);
        }
        int end = (int) (riffSize + 8);
        Format format = null;
        int pos = 12;
        while (pos + 8 <= end) {
            String id = tag(b, pos);
            long size = uint32(b, pos + 4, name, "size of chunk '" + id + "'");
            if (pos + 8 + size > end) {
                throw new DataFormatException(name, "offset " + (pos + 4), "truncated: chunk '" + id + "' declares "
                        + size + " bytes but only " + (end - pos - 8) + " remain in the RIFF body");
            }
            if (id.equals("fmt ")) {
                format = Format.parse(b, pos + 8, (int) size, name);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new DataFormatException(name, "offset " + pos, "'data' chunk before any 'fmt ' chunk;"
                            + " expected the format first");
                }
                return format.decode(b, pos + 8, (int) size, name);
            }
            pos += 8 + (int) size + (int) (size & 1);
        }
        throw new DataFormatException(name, "offset " + pos, format == null
                ? "no 'fmt ' chunk found; expected 'fmt ' then 'data'"
                : "no 'data' chunk found after 'fmt '");
    }

    /** The fields of a PCM {@code fmt } chunk, validated against each other. */
    private record Format(int channels, int sampleRate, int bits, int blockAlign) {

        static Format parse(ByteBuffer b, int at, int size, String name) throws DataFormatException {
            if (size < 16) {
                throw new DataFormatException(name, "offset " + at, "'fmt ' chunk has " + size
                        + " bytes; expected at least 16");
            }
            int tag = b.getShort(at) & 0xFFFF;
            if (tag != PCM) {
                throw new DataFormatException(name, "offset " + at, String.format("audio format 0x%04X is not"
                        + " supported; expected 0x0001 (uncompressed PCM); convert with `sox in.wav -b 16 out.wav`", tag));
            }
            int channels = b.getShort(at + 2) & 0xFFFF;
            long rate = b.getInt(at + 4) & 0xFFFFFFFFL;
            int blockAlign = b.getShort(at + 12) & 0xFFFF;
            int bits = b.getShort(at + 14) & 0xFFFF;
            if (channels != 1 && channels != 2) {
                throw new DataFormatException(name, "offset " + (at + 2), channels + " channels; expected 1 or 2");
            }
            if (bits != 8 && bits != 16) {
                throw new DataFormatException(name, "offset " + (at + 14), bits + " bits per sample; expected 8 or 16");
            }
            if (rate < 1 || rate > 1_000_000) {
                throw new DataFormatException(name, "offset " + (at + 4), "sample rate " + rate
                        + " Hz; expected 1..1000000");
            }
            // The byte rate is redundant and some writers get it wrong (flite's 8 kHz voices write twice
            // the true value); the block align decides how samples are laid out, so only it is enforced.
            if (blockAlign != channels * bits / 8) {
                throw new DataFormatException(name, "offset " + (at + 12), "block align " + blockAlign + " disagrees with "
                        + channels + " channels of " + bits + "-bit samples; expected " + channels * bits / 8);
            }
            return new Format(channels, (int) rate, bits, blockAlign);
        }

        WavAudio decode(ByteBuffer b, int at, int size, String name) throws DataFormatException {
            if (size % blockAlign != 0) {
                throw new DataFormatException(name, "offset " + (at - 4), "data size " + size
                        + " is not a multiple of the block align " + blockAlign);
            }
            int frames = size / blockAlign;
            float[][] out = new float[channels][frames];
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < channels; c++) {
                    int p = at + f * blockAlign + c * (bits / 8);
                    out[c][f] = bits == 8 ? ((b.get(p) & 0xFF) - 128) / 128f : b.getShort(p) / 32768f;
                }
            }
            return new WavAudio(sampleRate, bits, out);
        }
    }

    private static void expectTag(ByteBuffer b, int at, String expected, String name) throws DataFormatException {
        if (b.limit() < at + 4) {
            throw new DataFormatException(name, "offset " + at, "truncated: the file has " + b.limit()
                    + " bytes; expected the '" + expected + "' tag at offset " + at);
        }
        String found = tag(b, at);
        if (!found.equals(expected)) {
            throw new DataFormatException(name, "offset " + at, "found '" + printable(found) + "'; expected '"
                    + expected + "' (a RIFF/WAVE file)");
        }
    }

    private static long uint32(ByteBuffer b, int at, String name, String what) throws DataFormatException {
        if (b.limit() < at + 4) {
            throw new DataFormatException(name, "offset " + at, "truncated: the file ends before the " + what);
        }
        return b.getInt(at) & 0xFFFFFFFFL;
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return sb.toString();
    }
}
