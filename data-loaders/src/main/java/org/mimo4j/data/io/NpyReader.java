package org.mimo4j.data.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0, C order, the dtypes of
 * {@link DType}, either byte order) into an {@link NdArray}.
 *
 * <p>Nothing in the header is trusted: the magic, version, header length, dictionary and the data
 * size implied by dtype and shape are all checked against each other and against the number of
 * bytes actually present before any array is allocated, so a lying header fails with a
 * {@link DataFormatException} rather than an OutOfMemoryError. A missing file surfaces as the
 * usual {@link java.nio.file.NoSuchFileException}.
 */
public final class NpyReader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy itself refuses headers above 10,000 bytes by default; this leaves room for odd writers. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int CHUNK_BYTES = 1 << 16;

    private NpyReader() {
    }

    /** Reads a whole .npy file. */
    public static NdArray read(Path file) throws IOException {
        long length = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK_BYTES)) {
            return read(in, length, file.toString());
        }
    }

    /** Reads only the header of a .npy file (dtype, byte order and shape), validated against the file size. */
    public static NpyHeader readHeader(Path file) throws IOException {
        long length = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK_BYTES)) {
            ByteSource src = new ByteSource(in, length, file.toString());
            NpyHeader header = header(src);
            checkDataSize(header, src);
            return header;
        }
    }

    /**
     * Reads one array from a stream that holds exactly {@code length} bytes of .npy content (a
     * file, or an entry of an .npz archive).
     *
     * @param source the name used in error messages, e.g. {@code "data.npz!x.npy"}
     */
    public static NdArray read(InputStream in, long length, String source) throws IOException {
        ByteSource src = new ByteSource(in, length, source);
        NpyHeader header = header(src);
        int n = checkDataSize(header, src);
        NdArray array = NdArray.zeros(header.dtype(), header.shape());
        readData(src, header, array, n);
        src.expectEnd();
        return array;
    }

    private static NpyHeader header(ByteSource src) throws IOException {
        byte[] magic = src.read(MAGIC.length, "magic string");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new DataFormatException(src.name(), "offset 0", "magic " + hex(magic)
                    + " is not a .npy file; expected 93 4E 55 4D 50 59 (\\x93NUMPY)");
        }
        byte[] version = src.read(2, "format version");
        int major = version[0] & 0xFF;
        if (major < 1 || major > 3 || version[1] != 0) {
            throw new DataFormatException(src.name(), "offset 6", "format version " + major + "."
                    + (version[1] & 0xFF) + " is not supported; expected 1.0, 2.0 or 3.0");
        }
        ByteBuffer lenBytes = ByteBuffer.wrap(src.read(major == 1 ? 2 : 4, "header length"))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? lenBytes.getShort() & 0xFFFF : lenBytes.getInt() & 0xFFFFFFFFL;
        long headerOffset = src.position();
        if (headerLen > MAX_HEADER_BYTES || headerLen > src.remaining()) {
            throw new DataFormatException(src.name(), "offset 8", "header length " + headerLen
                    + " exceeds the " + Math.min(MAX_HEADER_BYTES, src.remaining())
                    + " bytes available; expected a header that fits in the file");
        }
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String text = new String(src.read((int) headerLen, "header dictionary"), charset);
        return NpyHeader.parse(text, src.name(), headerOffset);
    }

    /** Checks that shape x item size is exactly the number of bytes left; returns the element count. */
    private static int checkDataSize(NpyHeader header, ByteSource src) throws DataFormatException {
        long numel = NdArray.numel(header.shape());
        long remaining = src.remaining();
        long bytes = numel > Long.MAX_VALUE / header.dtype().itemSize() ? Long.MAX_VALUE
                : numel * header.dtype().itemSize();
        if (bytes != remaining) {
            throw new DataFormatException(src.name(), "data at offset " + src.position(),
                    "shape " + Arrays.toString(header.shape()) + " of " + header.dtype().code() + " needs "
                            + (bytes == Long.MAX_VALUE ? "more than 2^63" : bytes) + " bytes but "
                            + remaining + " follow the header; expected them to match");
        }
        if (numel > NdArray.MAX_ELEMENTS) {
            throw new DataFormatException(src.name(), "header field 'shape'", "shape "
                    + Arrays.toString(header.shape()) + " has " + numel
                    + " elements; a Java array holds at most " + NdArray.MAX_ELEMENTS);
        }
        return (int) numel;
    }

    private static void readData(ByteSource src, NpyHeader header, NdArray array, int n) throws IOException {
        int item = header.dtype().itemSize();
        int perChunk = CHUNK_BYTES / item;
        byte[] chunk = new byte[Math.min(CHUNK_BYTES, Math.max(item, n * item))];
        for (int done = 0; done < n; done += perChunk) {
            int k = Math.min(perChunk, n - done);
            long chunkOffset = src.position();
            src.readInto(chunk, k * item, "array data");
            ByteBuffer bb = ByteBuffer.wrap(chunk, 0, k * item).order(header.order());
            switch (header.dtype()) {
                case BOOL -> copyBools(chunk, k, array.bytes(), done, src.name(), chunkOffset);
                case INT8, UINT8 -> System.arraycopy(chunk, 0, array.bytes(), done, k);
                case INT16, UINT16, FLOAT16 -> bb.asShortBuffer().get(array.shorts(), done, k);
                case INT32 -> bb.asIntBuffer().get(array.ints(), done, k);
                case INT64 -> bb.asLongBuffer().get(array.longs(), done, k);
                case FLOAT32 -> bb.asFloatBuffer().get(array.floats(), done, k);
                case FLOAT64 -> bb.asDoubleBuffer().get(array.doubles(), done, k);
            }
        }
    }

    private static void copyBools(byte[] chunk, int k, byte[] dst, int at, String name, long offset)
            throws DataFormatException {
        for (int i = 0; i < k; i++) {
            if (chunk[i] != 0 && chunk[i] != 1) {
                throw new DataFormatException(name, "offset " + (offset + i), "bool value "
                        + (chunk[i] & 0xFF) + " is neither 0 nor 1");
            }
        }
        System.arraycopy(chunk, 0, dst, at, k);
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", b & 0xFF));
        }
        return sb.toString();
    }
}
