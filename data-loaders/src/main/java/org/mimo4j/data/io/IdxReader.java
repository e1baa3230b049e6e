package org.mimo4j.data.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-style IDX files (plain, or gzip-compressed as LeCun distributes them) into an
 * {@link NdArray}. Layout: two zero bytes, a type code (0x08 u1, 0x09 i1, 0x0B i2, 0x0C i4,
 * 0x0D f4, 0x0E f8), the number of dimensions, one big-endian int32 per dimension, then the
 * big-endian data in C order.
 *
 * <p>The declared size is checked against the bytes present before anything large is allocated; a
 * compressed file is inflated in bounded chunks, so a lying header cannot exhaust memory.
 */
public final class IdxReader {
    private static final int CHUNK = 1 << 20;
    private static final int MAX_DIMS = 16;

    private IdxReader() {
    }

    /** Reads a whole IDX file, plain or gzip (detected by its magic 1F 8B). */
    public static NdArray read(Path file) throws IOException {
        String name = file.toString();
        try (PushbackInputStream raw = new PushbackInputStream(
                new BufferedInputStream(Files.newInputStream(file), CHUNK), 2)) {
            byte[] head = raw.readNBytes(2);
            raw.unread(head);
            boolean gzip = head.length == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
            if (!gzip) {
                return read(raw, Files.size(file), name);
            }
            try (InputStream in = new GZIPInputStream(raw, CHUNK)) {
                return read(in, -1, name + " (gzip)");
            } catch (ZipException | java.io.EOFException e) {
                throw new DataFormatException(name, "gzip stream", "corrupt or truncated gzip data ("
                        + e.getMessage() + "); expected a complete gzip-compressed IDX file", e);
            }
        }
    }

    /** Reads an MNIST image file: a u1 array of shape [n, rows, cols]. */
    public static NdArray readImages(Path file) throws IOException {
        NdArray a = read(file);
        if (a.dtype() != DType.UINT8 || a.dim() != 3) {
            throw new DataFormatException(file.toString(), "offset 2", "holds " + a
                    + "; expected an image file of unsigned bytes with 3 dimensions [n, rows, cols]");
        }
        return a;
    }

    /** Reads an MNIST label file: a u1 vector whose values must all be below {@code numClasses}. */
    public static NdArray readLabels(Path file, int numClasses) throws IOException {
        NdArray a = read(file);
        if (a.dtype() != DType.UINT8 || a.dim() != 1) {
            throw new DataFormatException(file.toString(), "offset 2", "holds " + a
                    + "; expected a label file of unsigned bytes with 1 dimension [n]");
        }
        byte[] labels = a.bytes();
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) >= numClasses) {
                throw new DataFormatException(file.toString(), "offset " + (8 + i), "label " + (labels[i] & 0xFF)
                        + " of sample " + i + " is out of range; expected 0.." + (numClasses - 1));
            }
        }
        return a;
    }

    /**
     * Reads IDX content from a stream.
     *
     * @param length the content's byte count if known (a plain file), or -1 (a decompressing stream)
     */
    static NdArray read(InputStream in, long length, String name) throws IOException {
        byte[] magic = readFully(in, 4, 0, "magic number", name);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataFormatException(name, "offset 0", "magic starts with " + hex(magic)
                    + "; expected two zero bytes then the type code and dimension count (IDX)");
        }
        DType dtype = dtype(magic[2] & 0xFF, name);
        int dims = magic[3] & 0xFF;
        if (dims < 1 || dims > MAX_DIMS) {
            throw new DataFormatException(name, "offset 3", dims + " dimensions; expected 1.." + MAX_DIMS);
        }
        int[] shape = shape(in, dims, name);
        long headerBytes = 4 + 4L * dims;
        long dataBytes = checkSize(shape, dtype, name, headerBytes);
        if (length >= 0 && length != headerBytes + dataBytes) {
            throw new DataFormatException(name, "offset " + Math.min(length, headerBytes + dataBytes),
                    (length < headerBytes + dataBytes ? "truncated: " : "trailing bytes: ") + "the file has "
                    + length + " bytes but its header " + Arrays.toString(shape) + " of " + dtype.code()
                    + " needs exactly " + (headerBytes + dataBytes));
        }
        byte[] data = readData(in, (int) dataBytes, headerBytes, name);
        if (in.read() >= 0) {
            throw new DataFormatException(name, "offset " + (headerBytes + dataBytes), "content continues past the "
                    + (headerBytes + dataBytes) + " bytes its header declares; expected the end of the data");
        }
        return decode(data, dtype, shape);
    }

    private static DType dtype(int code, String name) throws DataFormatException {
        return switch (code) {
            case 0x08 -> DType.UINT8;
            case 0x09 -> DType.INT8;
            case 0x0B -> DType.INT16;
            case 0x0C -> DType.INT32;
            case 0x0D -> DType.FLOAT32;
            case 0x0E -> DType.FLOAT64;
            default -> throw new DataFormatException(name, "offset 2", String.format(
                    "type code 0x%02X is not an IDX type; expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E", code));
        };
    }

    private static int[] shape(InputStream in, int dims, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(readFully(in, 4 * dims, 4, "dimension sizes", name)).order(ByteOrder.BIG_ENDIAN);
        int[] shape = new int[dims];
        for (int d = 0; d < dims; d++) {
            shape[d] = b.getInt();
            if (shape[d] < 0) {
                throw new DataFormatException(name, "offset " + (4 + 4 * d), "dimension " + d + " is "
                        + Integer.toUnsignedLong(shape[d]) + "; expected a size below 2^31");
            }
        }
        return shape;
    }

    private static long checkSize(int[] shape, DType dtype, String name, long headerBytes) throws DataFormatException {
        long numel = NdArray.numel(shape);
        if (numel > NdArray.MAX_ELEMENTS || numel * dtype.itemSize() > NdArray.MAX_ELEMENTS) {
            throw new DataFormatException(name, "offset 4", "shape " + Arrays.toString(shape) + " of "
                    + dtype.code() + " declares " + (numel == Long.MAX_VALUE ? "more than 2^63" : numel)
                    + " elements; expected at most " + NdArray.MAX_ELEMENTS + " bytes of data in one file");
        }
        return numel * dtype.itemSize();
    }

    /** Reads {@code n} bytes in bounded chunks so that a lying size inside gzip cannot allocate it up front. */
    private static byte[] readData(InputStream in, int n, long offset, String name) throws IOException {
        byte[] out = new byte[Math.min(n, CHUNK)];
        int done = 0;
        while (done < n) {
            if (done == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            int r = in.read(out, done, out.length - done);
            if (r < 0) {
                throw new DataFormatException(name, "offset " + (offset + done), "truncated: the data ends after "
                        + done + " of the " + n + " bytes its header declares");
            }
            done += r;
        }
        return out;
    }

    private static byte[] readFully(InputStream in, int n, long offset, String what, String name) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new DataFormatException(name, "offset " + (offset + b.length), "truncated: needed " + n
                    + " bytes for the " + what + " but the content ends at offset " + (offset + b.length));
        }
        return b;
    }

    private static NdArray decode(byte[] data, DType dtype, int[] shape) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        int n = data.length / dtype.itemSize();
        return switch (dtype) {
            case UINT8, INT8 -> NdArray.ofBytes(dtype, data, shape);
            case INT16 -> {
                short[] s = new short[n];
                b.asShortBuffer().get(s);
                yield NdArray.ofShorts(DType.INT16, s, shape);
            }
            case INT32 -> {
                int[] v = new int[n];
                b.asIntBuffer().get(v);
                yield NdArray.ofInts(v, shape);
            }
            case FLOAT32 -> {
                float[] v = new float[n];
                b.asFloatBuffer().get(v);
                yield NdArray.ofFloats(v, shape);
            }
            default -> {
                double[] v = new double[n];
                b.asDoubleBuffer().get(v);
                yield NdArray.ofDoubles(v, shape);
            }
        };
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", x & 0xFF));
        }
        return sb.toString();
    }
}
