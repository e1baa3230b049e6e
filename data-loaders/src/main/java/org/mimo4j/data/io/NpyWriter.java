package org.mimo4j.data.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes an {@link NdArray} as a NumPy {@code .npy} file (version 1.0, or 2.0 when the header does
 * not fit in 64 KiB; little-endian, C order) that {@code numpy.load} reads back unchanged.
 *
 * <p>Files are written to a temporary sibling and renamed into place, so a crash never leaves a
 * half-written cache file that looks complete.
 */
public final class NpyWriter {
    /** NumPy aligns the data start to 64 bytes so that memory-mapped arrays are aligned. */
    private static final int ALIGN = 64;
    private static final int CHUNK_BYTES = 1 << 16;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private NpyWriter() {
    }

    /** Writes {@code array} to {@code file} atomically (temporary file, then rename). */
    public static void write(Path file, NdArray array) throws IOException {
        AtomicFileWriter.write(file, out -> write(out, array));
    }

    /** Writes the .npy bytes of {@code array} to {@code out} (which stays open). */
    public static void write(OutputStream out, NdArray array) throws IOException {
        out.write(header(NpyHeader.of(array)));
        writeData(out, array);
    }

    /** The magic, version, length and padded dictionary for {@code header}. */
    static byte[] header(NpyHeader header) {
        byte[] dict = (header.format() + growthPadding(header.shape())).getBytes(StandardCharsets.ISO_8859_1);
        int version = dict.length + 1 + 10 + ALIGN > 0xFFFF ? 2 : 1;
        int prefix = NpyReader.MAGIC.length + 2 + (version == 1 ? 2 : 4);
        int total = roundUp(prefix + dict.length + 1, ALIGN);
        int headerLen = total - prefix;
        ByteBuffer bb = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(NpyReader.MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            bb.putShort((short) headerLen);
        } else {
            bb.putInt(headerLen);
        }
        bb.put(dict);
        while (bb.position() < total - 1) {
            bb.put((byte) ' ');
        }
        bb.put((byte) '\n');
        return bb.array();
    }

    /**
     * NumPy reserves room for the first dimension to grow to 21 digits so that appenders can rewrite
     * the header in place; doing the same keeps our files byte-identical to {@code np.save}.
     */
    private static String growthPadding(int[] shape) {
        return shape.length == 0 ? "" : " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    private static void writeData(OutputStream out, NdArray array) throws IOException {
        int n = array.numel();
        int item = array.dtype().itemSize();
        int perChunk = CHUNK_BYTES / item;
        ByteBuffer bb = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < n; done += perChunk) {
            int k = Math.min(perChunk, n - done);
            bb.clear();
            switch (array.dtype()) {
                case BOOL, INT8, UINT8 -> bb.put(array.bytes(), done, k);
                case INT16, UINT16, FLOAT16 -> bb.asShortBuffer().put(array.shorts(), done, k);
                case INT32 -> bb.asIntBuffer().put(array.ints(), done, k);
                case INT64 -> bb.asLongBuffer().put(array.longs(), done, k);
                case FLOAT32 -> bb.asFloatBuffer().put(array.floats(), done, k);
                case FLOAT64 -> bb.asDoubleBuffer().put(array.doubles(), done, k);
            }
            out.write(bb.array(), 0, k * item);
        }
    }
}
