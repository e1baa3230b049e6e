package org.mimo4j.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads and fully validates a checkpoint file (format on {@link Checkpoint}) before returning any of
 * it: magic, version, declared lengths against the file size, the CRC32C, then every header field.
 * Each failure is a {@link CheckpointException} naming the file, the byte offset and what was expected.
 */
public final class CheckpointReader {
    private final Path file;
    private final ByteBuffer buf;

    private CheckpointReader(Path file, byte[] bytes) {
        this.file = file;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads {@code file}; files larger than 2 GiB are refused (checkpoints here are far smaller). */
    public static CheckpointData read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file does not exist", e);
        } catch (OutOfMemoryError e) {
            throw new CheckpointException(file, "file is too large to read into memory (" + Files.size(file)
                    + " bytes)", e);
        }
        return new CheckpointReader(file, bytes).parse();
    }

    private CheckpointData parse() throws CheckpointException {
        long size = buf.limit();
        if (size < CheckpointFormat.PREAMBLE) {
            fail("truncated: the file is " + size + " bytes, shorter than the " + CheckpointFormat.PREAMBLE
                    + "-byte preamble (magic, version, header length)");
        }
        checkMagic();
        int version = buf.getInt(8);
        if (version != CheckpointFormat.VERSION) {
            fail("unsupported format version " + version + " at offset 8; this build reads version "
                    + CheckpointFormat.VERSION);
        }
        long headerLength = Integer.toUnsignedLong(buf.getInt(12));
        long payloadAt = CheckpointFormat.PREAMBLE + headerLength;
        if (payloadAt + CheckpointFormat.PAYLOAD_LENGTH_BYTES > size) {
            fail("truncated: the header length at offset 12 declares " + headerLength + " bytes, but the file"
                    + " ends at offset " + size);
        }
        long payloadLength = buf.getLong((int) payloadAt);
        long expected = payloadAt + CheckpointFormat.PAYLOAD_LENGTH_BYTES + payloadLength + CheckpointFormat.TRAILER;
        if (payloadLength < 0 || payloadLength > size || expected != size) {
            boolean truncated = payloadLength < 0 || payloadLength > size || expected > size;
            fail((truncated ? "truncated" : "trailing bytes") + ": header and payload"
                    + " lengths (" + headerLength + " and " + payloadLength + " bytes, at offsets 12 and "
                    + payloadAt + ") make a " + expected + "-byte file, but it has " + size + " bytes");
        }
        checkCrc((int) (size - CheckpointFormat.TRAILER));
        buf.position(CheckpointFormat.PREAMBLE);
        return new HeaderParser(this, (int) payloadAt, payloadLength).parse();
    }

    private void checkMagic() throws CheckpointException {
        byte[] found = new byte[CheckpointFormat.MAGIC.length];
        buf.get(0, found);
        if (!Arrays.equals(found, CheckpointFormat.MAGIC)) {
            fail("bad magic at offset 0: expected \"MIMO4JCK\" (" + hex(CheckpointFormat.MAGIC) + "), found "
                    + hex(found) + "; this is not a mimo4j checkpoint");
        }
    }

    private void checkCrc(int crcAt) throws CheckpointException {
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, crcAt);
        int stored = buf.getInt(crcAt);
        int computed = (int) crc.getValue();
        if (stored != computed) {
            fail(String.format("checksum mismatch: the CRC32C stored at offset %d is 0x%08x, the bytes before it"
                    + " give 0x%08x; the file is corrupted", crcAt, stored, computed));
        }
    }

    void fail(String problem) throws CheckpointException {
        throw new CheckpointException(file, problem);
    }

    int int32(String what, int limit) throws CheckpointException {
        require(what, Integer.BYTES, limit);
        return buf.getInt();
    }

    int uint8(String what, int limit) throws CheckpointException {
        require(what, 1, limit);
        return Byte.toUnsignedInt(buf.get());
    }

    String string(String what, int limit) throws CheckpointException {
        require(what + " length", Short.BYTES, limit);
        int len = Short.toUnsignedInt(buf.getShort());
        int at = buf.position();
        require(what, len, limit);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(buf.slice(at, len)).toString();
        } catch (CharacterCodingException e) {
            fail(what + " at offset " + at + " is not valid UTF-8");
            return null;
        } finally {
            buf.position(at + len);
        }
    }

    int position() {
        return buf.position();
    }

    float[] floats(int at, int n) {
        float[] out = new float[n];
        buf.slice(at, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    long[] longs(int at, int n) {
        long[] out = new long[n];
        buf.slice(at, n * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    private void require(String what, int bytes, int limit) throws CheckpointException {
        if (buf.position() + (long) bytes > limit) {
            fail("header ends inside the " + what + " at offset " + buf.position() + " (needs " + bytes
                    + " bytes, the header ends at offset " + limit + ")");
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
