package org.mimo4j.data.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes arrays as a NumPy {@code .npz} archive that {@code np.load} opens: one {@code <key>.npy}
 * entry per array, either stored (like {@code np.savez}) or deflated (like
 * {@code np.savez_compressed}). The file appears atomically.
 */
public final class NpzWriter {
    private NpzWriter() {
    }

    /**
     * @param arrays   name -> array; names become entry names {@code name + ".npy"}, in map order
     * @param compress deflate the entries (smaller, slower) or store them
     */
    public static void write(Path file, Map<String, NdArray> arrays, boolean compress) throws IOException {
        AtomicFileWriter.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                    zip.putNextEntry(entry(e.getKey(), e.getValue(), compress));
                    NpyWriter.write(zip, e.getValue());
                    zip.closeEntry();
                }
            }
        });
    }

    private static ZipEntry entry(String name, NdArray array, boolean compress) throws IOException {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("array name '" + name + "' must be non-empty and contain no '/'");
        }
        ZipEntry entry = new ZipEntry(name + ".npy");
        if (!compress) {
            // Stored entries need size and CRC before the data: measure them in a first pass.
            CountingCrc counter = new CountingCrc();
            NpyWriter.write(counter, array);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(counter.count);
            entry.setCompressedSize(counter.count);
            entry.setCrc(counter.crc.getChecksum().getValue());
        }
        return entry;
    }

    /** An output stream that only counts bytes and computes their CRC-32. */
    private static final class CountingCrc extends OutputStream {
        private final CheckedOutputStream crc = new CheckedOutputStream(OutputStream.nullOutputStream(), new CRC32());
        private long count;

        @Override
        public void write(int b) throws IOException {
            crc.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            crc.write(b, off, len);
            count += len;
        }
    }
}
