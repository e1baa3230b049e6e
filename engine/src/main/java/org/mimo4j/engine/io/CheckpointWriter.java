package org.mimo4j.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Serialises {@link CheckpointData} in the format documented on {@link Checkpoint} and writes it
 * atomically ({@link AtomicFiles}). The payload is streamed in chunks, so a large model is never
 * copied into one big byte array.
 */
public final class CheckpointWriter {
    private static final int CHUNK = 1 << 16;

    private CheckpointWriter() {
    }

    /** Writes {@code data} to {@code file}, replacing any previous file only once the new one is complete. */
    public static void write(Path file, CheckpointData data) throws IOException {
        byte[] header = header(file, data);
        long payload = payloadBytes(data);
        AtomicFiles.write(file, out -> writeBody(out, header, payload, data));
    }

    private static void writeBody(OutputStream raw, byte[] header, long payload, CheckpointData data)
            throws IOException {
        CRC32C crc = new CRC32C();
        CheckedOutputStream out = new CheckedOutputStream(raw, crc);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(CheckpointFormat.MAGIC).putInt(CheckpointFormat.VERSION).putInt(header.length);
        drain(buf, out);
        out.write(header);
        buf.putLong(payload);
        drain(buf, out);
        for (CheckpointEntry e : data.entries().values()) {
            writeData(e, buf, out);
        }
        buf.putInt((int) crc.getValue());
        buf.flip();
        raw.write(buf.array(), 0, buf.limit());
        raw.flush();
    }

    private static void writeData(CheckpointEntry e, ByteBuffer buf, OutputStream out) throws IOException {
        boolean isFloat = e.dtype() == CheckpointEntry.DType.FLOAT32;
        int n = (int) e.numel();
        int perChunk = CHUNK / e.dtype().bytes;
        for (int i = 0; i < n; i += perChunk) {
            int len = Math.min(perChunk, n - i);
            if (isFloat) {
                buf.asFloatBuffer().put(e.floats(), i, len);
            } else {
                buf.asLongBuffer().put(e.longs(), i, len);
            }
            buf.position(len * e.dtype().bytes);
            drain(buf, out);
        }
    }

    private static void drain(ByteBuffer buf, OutputStream out) throws IOException {
        buf.flip();
        out.write(buf.array(), 0, buf.limit());
        buf.clear();
    }

    /** The header bytes: metadata pairs, then one descriptor per entry (little-endian). */
    private static byte[] header(Path file, CheckpointData data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LittleEndianOut out = new LittleEndianOut(new DataOutputStream(bytes));
        out.int32(data.metadata().size());
        for (Map.Entry<String, String> m : data.metadata().entrySet()) {
            out.string(file, "metadata key", m.getKey());
            out.string(file, "metadata value of '" + m.getKey() + "'", m.getValue());
        }
        out.int32(data.entries().size());
        for (CheckpointEntry e : data.entries().values()) {
            out.string(file, "entry name", e.name());
            int[] shape = e.shape();
            if (shape.length > CheckpointFormat.MAX_RANK) {
                throw new CheckpointException(file, "entry '" + e.name() + "' has rank " + shape.length
                        + ", more than the format's " + CheckpointFormat.MAX_RANK);
            }
            out.uint8(e.dtype().code);
            out.uint8(shape.length);
            for (int d : shape) {
                out.int32(d);
            }
        }
        return bytes.toByteArray();
    }

    private static long payloadBytes(CheckpointData data) {
        long total = 0;
        for (CheckpointEntry e : data.entries().values()) {
            total += e.numel() * e.dtype().bytes;
        }
        return total;
    }

    /** DataOutputStream is big-endian; this writes the few header fields little-endian. */
    private record LittleEndianOut(DataOutputStream out) {
        void int32(int v) throws IOException {
            out.writeInt(Integer.reverseBytes(v));
        }

        void uint8(int v) throws IOException {
            out.writeByte(v);
        }

        void string(Path file, String what, String s) throws IOException {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > CheckpointFormat.MAX_STRING_BYTES) {
                throw new CheckpointException(file, what + " is " + utf8.length + " bytes of UTF-8, more than the"
                        + " format's " + CheckpointFormat.MAX_STRING_BYTES);
            }
            out.writeShort(Short.reverseBytes((short) utf8.length));
            out.write(utf8);
        }
    }
}
