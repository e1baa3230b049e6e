package org.mimo4j.data.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} archives (as written by {@code np.savez} and {@code np.savez_compressed}:
 * a zip of {@code <key>.npy} entries, stored or deflated) into arrays keyed by name.
 *
 * <p>Zip metadata is as untrusted as a .npy header: an entry's declared size must be achievable from
 * its compressed size, each .npy inside is validated by {@link NpyReader} against that size, and the
 * CRC-32 of the bytes read must match the archive's, so corruption anywhere surfaces as a
 * {@link DataFormatException} naming the archive, the entry and the problem.
 */
public final class NpzReader {
    /** Deflate cannot expand data by more than about 1032:1; a larger declared ratio is a lie. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int GROWTH_START = 1 << 20;

    private NpzReader() {
    }

    /** All arrays of the archive, in archive order. */
    public static Map<String, NdArray> read(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            Map<String, NdArray> out = new LinkedHashMap<>();
            for (ZipEntry entry : entries(zip, file)) {
                out.put(key(entry), readEntry(zip, entry, file));
            }
            return out;
        }
    }

    /** The array stored under {@code key} (the entry {@code key + ".npy"}). */
    public static NdArray read(Path file, String key) throws IOException {
        try (ZipFile zip = open(file)) {
            List<ZipEntry> entries = entries(zip, file);
            for (ZipEntry entry : entries) {
                if (key(entry).equals(key)) {
                    return readEntry(zip, entry, file);
                }
            }
            throw new DataFormatException(file.toString(), "entry '" + key + ".npy'", "no array named '" + key
                    + "'; the archive holds " + entries.stream().map(NpzReader::key).toList());
        }
    }

    /** The array names in the archive, in archive order, without reading any data. */
    public static List<String> keys(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            return entries(zip, file).stream().map(NpzReader::key).toList();
        }
    }

    private static ZipFile open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try {
            return new ZipFile(file.toFile());
        } catch (IOException | IllegalArgumentException e) {
            // ZipFile reports a damaged central directory as ZipException, EOFException or IAE.
            throw new DataFormatException(file.toString(), "zip central directory",
                    "not a readable zip archive (" + e.getMessage() + "); expected an .npz written by np.savez", e);
        }
    }

    private static List<ZipEntry> entries(ZipFile zip, Path file) throws DataFormatException {
        List<ZipEntry> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.getName().endsWith(".npy")) {
                    throw new DataFormatException(file.toString(), "entry '" + entry.getName() + "'",
                            "not a .npy array; expected only <name>.npy entries");
                }
                if (names.contains(entry.getName())) {
                    throw new DataFormatException(file.toString(), "entry '" + entry.getName() + "'",
                            "appears twice; expected unique array names");
                }
                names.add(entry.getName());
                out.add(entry);
            }
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file.toString(), "zip central directory",
                    "malformed entry name (" + e.getMessage() + ")", e);
        }
        return out;
    }

    private static String key(ZipEntry entry) {
        return entry.getName().substring(0, entry.getName().length() - ".npy".length());
    }

    private static NdArray readEntry(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        String source = file + "!" + entry.getName();
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        boolean stored = entry.getMethod() == ZipEntry.STORED;
        long limit = stored ? compressed : compressed > Long.MAX_VALUE / MAX_DEFLATE_RATIO ? Long.MAX_VALUE
                : compressed * MAX_DEFLATE_RATIO + 64;
        if (size < 0 || compressed < 0 || size > limit || compressed > Files.size(file)) {
            throw new DataFormatException(source, "zip entry sizes", "declared size " + size + " from "
                    + compressed + " compressed bytes in a " + Files.size(file) + "-byte archive is impossible"
                    + (stored ? "; expected equal sizes for a stored entry" : "; expected a size the data can inflate to"));
        }
        try (InputStream raw = zip.getInputStream(entry)) {
            CheckedInputStream in = new CheckedInputStream(raw, new CRC32());
            NdArray array = stored ? NpyReader.read(in, size, source)
                    : NpyReader.read(new ByteArrayInputStream(inflate(in, size, source)), size, source);
            if (entry.getCrc() != -1 && in.getChecksum().getValue() != entry.getCrc()) {
                throw new DataFormatException(source, "zip entry CRC", String.format(
                        "CRC-32 of the data is %08x but the archive declares %08x; the entry is corrupt",
                        in.getChecksum().getValue(), entry.getCrc()));
            }
            return array;
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new DataFormatException(source, "zip entry data", "corrupt "
                    + (stored ? "stored" : "deflated") + " data (" + e + ")", e);
        }
    }

    /**
     * Inflates a whole entry into a buffer that grows with the data actually produced, so that a
     * declared size the data does not back (up to 1032 times the compressed size) cannot make us
     * allocate it up front; the result must have exactly the declared size.
     */
    private static byte[] inflate(InputStream in, long size, String source) throws IOException {
        if (size > NdArray.MAX_ELEMENTS) {
            throw new DataFormatException(source, "zip entry sizes", "declared size " + size + " exceeds the "
                    + NdArray.MAX_ELEMENTS + " bytes a deflated entry may hold here; expected a smaller array "
                    + "(or save it uncompressed with np.savez)");
        }
        byte[] buf = new byte[(int) Math.min(size, GROWTH_START)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n == size) {
                    break;
                }
                buf = Arrays.copyOf(buf, (int) Math.min(size, 2L * buf.length));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n != size || in.read() >= 0) {
            throw new DataFormatException(source, "zip entry data", "inflates to " + (n != size ? n + " bytes"
                    : "more bytes") + " but the archive declares " + size + "; the entry is corrupt");
        }
        return buf;
    }
}
