package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.data.io.ImageReader.ColorMode;
import org.mimo4j.engine.tensor.Rng;

/**
 * Damages valid files of every reader in systematic ways (truncation at every offset, every header
 * byte flipped, huge declared sizes) and checks that each reader either rejects the damage with a
 * {@link DataFormatException} that names the file and a location, or (only where the damage can
 * leave a readable file, such as a flipped data byte) reads it; never another exception, a hang or
 * an OutOfMemoryError. A reader that hangs fails the timeout, which runs each family in its own thread.
 */
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class CorruptionSuiteTest {
    /**
     * The issue asks for at least 200 rejected bad variants across the readers; each of the eight
     * suites (npy, npz, two HDF5, IDX, WAV, PNG, JPEG) must reject at least this many, which
     * guarantees that total even when a single test method is run.
     */
    private static final int MIN_REJECTED_PER_SUITE = 25;

    @TempDir
    static Path tmp;

    @FunctionalInterface
    interface Reader {
        void read(Path file) throws IOException;
    }

    /** Whether a variant must be rejected, or may also read successfully. */
    enum Expect { REJECT, REJECT_OR_READ }

    private static final Reader NPY = NpyReader::read;
    private static final Reader NPZ = NpzReader::read;
    private static final Reader IDX = IdxReader::read;
    private static final Reader WAV = WavReader::read;
    private static final Reader IMAGE = f -> ImageReader.read(f, ColorMode.RGB, 8, 8);
    private static final Reader HDF5 = f -> {
        try (Hdf5Reader r = Hdf5Reader.open(f)) {
            for (String name : r.datasets()) {
                r.read(name);
            }
        }
    };

    @Test
    void npyFiles() throws IOException {
        byte[] good = Files.readAllBytes(NpyReaderTest.fixture("f4.npy"));
        Suite s = new Suite("npy", NPY);
        s.truncations(good, 1);
        s.flips(good, 0, 128, Expect.REJECT_OR_READ);
        s.variant("huge-shape", NpyReaderTest.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647), }", 64), Expect.REJECT);
        s.variant("huge-header-len", patchShort(good, 8, 0xFFFF), Expect.REJECT);
        s.variant("dtype-object", NpyReaderTest.npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", 16), Expect.REJECT);
        s.finish();
    }

    @Test
    void npzArchives() throws IOException {
        byte[] stored = Files.readAllBytes(NpyReaderTest.fixture("stored.npz"));
        byte[] deflated = Files.readAllBytes(NpyReaderTest.fixture("deflated.npz"));
        Suite s = new Suite("npz", NPZ);
        s.truncations(stored, 3);
        s.truncations(deflated, 3);
        s.flips(stored, 0, stored.length, Expect.REJECT_OR_READ);
        s.flips(deflated, 0, deflated.length, Expect.REJECT_OR_READ);
        s.variant("huge-entry-size", hugeCentralDirectorySize(deflated), Expect.REJECT);
        s.finish();
    }

    @Test
    void hdf5Files() throws IOException {
        Path file = tmp.resolve("good.h5");
        try (WritableHdfFile w = HdfFile.write(file)) {
            w.putDataset("audio", new float[][] {{1, 2, 3}, {4, 5, 6}});
            w.putDataset("order", new int[] {3, 1, 2});
        }
        byte[] good = Files.readAllBytes(file);
        Suite s = new Suite("h5", HDF5);
        s.truncations(good, 5);
        s.flips(good, 0, Math.min(good.length, 300), Expect.REJECT_OR_READ);
        s.finish();
        byte[] library;
        try {
            library = Files.readAllBytes(Path.of(CorruptionSuiteTest.class.getResource("hdf5/h5py_sample.h5").toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Suite h5py = new Suite("h5", HDF5);
        h5py.truncations(library, 37);
        h5py.flips(library, 0, 200, Expect.REJECT_OR_READ);
        h5py.finish();
    }

    @Test
    void idxFiles() throws IOException {
        byte[] plain = idx(new Rng(1));
        Suite s = new Suite("idx", IDX);
        s.truncations(plain, 1);
        s.flips(plain, 0, 16, Expect.REJECT_OR_READ);
        byte[] huge = plain.clone();
        ByteBuffer.wrap(huge).putInt(4, Integer.MAX_VALUE).putInt(8, Integer.MAX_VALUE);
        s.variant("huge-dims", huge, Expect.REJECT);
        s.variant("huge-dims-gzip", gzip(huge), Expect.REJECT);
        byte[] gz = gzip(plain);
        s.truncations(gz, 2);
        s.finish();
    }

    @Test
    void wavFiles() throws IOException {
        byte[] good = wav(new Rng(2));
        Suite s = new Suite("wav", WAV);
        s.truncations(good, 1);
        s.flips(good, 0, 44, Expect.REJECT_OR_READ);
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7FFFFFF0);
        s.variant("huge-data-chunk", huge, Expect.REJECT);
        s.finish();
    }

    @Test
    void images() throws IOException {
        for (String format : new String[] {"png", "jpg"}) {
            Path file = tmp.resolve("good." + format);
            ImageReaderTest.writeImage(file, format, 12, 9, 3);
            byte[] good = Files.readAllBytes(file);
            // Image decoders tolerate some damage (a cut after the last pixel, a flipped pixel),
            // so these variants may also read; what they must never do is throw anything else.
            Suite s = new Suite(format, IMAGE);
            s.truncationsMayRead(good, 5);
            s.flips(good, 0, Math.min(good.length, 120), Expect.REJECT_OR_READ);
            s.finish();
        }
    }

    /** One reader's variants: writes each to a file, reads it, and records what happened. */
    private static final class Suite {
        private final String ext;
        private final Reader reader;
        private final List<String> problems = new ArrayList<>();
        private int count;
        private int rejected;

        Suite(String ext, Reader reader) {
            this.ext = ext;
            this.reader = reader;
        }

        void truncations(byte[] good, int stride) throws IOException {
            for (int len = 0; len < good.length; len += stride) {
                variant("cut-" + len, Arrays.copyOf(good, len), Expect.REJECT);
            }
        }

        void truncationsMayRead(byte[] good, int stride) throws IOException {
            for (int len = 0; len < good.length; len += stride) {
                variant("cut-" + len, Arrays.copyOf(good, len), len < good.length / 2 ? Expect.REJECT : Expect.REJECT_OR_READ);
            }
        }

        void flips(byte[] good, int from, int to, Expect expect) throws IOException {
            for (int i = from; i < to; i++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) 0xFF;
                variant("flip-" + i, bad, expect);
            }
        }

        void variant(String name, byte[] bytes, Expect expect) throws IOException {
            Path file = tmp.resolve(ext + "-" + name + "." + ext);
            Files.write(file, bytes);
            count++;
            Throwable thrown = attempt(file);
            if (thrown == null) {
                if (expect == Expect.REJECT) {
                    problems.add(name + ": read without error");
                }
            } else if (thrown instanceof DataFormatException e) {
                rejected++;
                if (!e.source().startsWith(file.toString()) || e.location().isBlank()) {
                    problems.add(name + ": unhelpful message: " + e.getMessage());
                }
            } else {
                problems.add(name + ": " + thrown);
            }
            Files.delete(file);
        }

        private Throwable attempt(Path file) {
            try {
                reader.read(file);
                return null;
            } catch (Throwable t) {
                return t;
            }
        }

        void finish() {
            assertTrue(problems.isEmpty(), ext + ": " + problems.size() + " of " + count + " variants misbehaved:\n"
                    + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
            assertTrue(rejected >= MIN_REJECTED_PER_SUITE, ext + ": only " + rejected + " of " + count
                    + " variants were rejected; expected at least " + MIN_REJECTED_PER_SUITE);
        }
    }

    private static byte[] patchShort(byte[] good, int offset, int value) {
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        return bad;
    }

    /** Sets the uncompressed size of the first central directory entry to 2^31 - 1. */
    private static byte[] hugeCentralDirectorySize(byte[] zip) {
        byte[] bad = zip.clone();
        int cen = NpzReaderTest.indexOf(bad, new byte[] {'P', 'K', 1, 2}, 0);
        ByteBuffer bb = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        if (bb.getInt(cen + 24) == -1) {
            throw new IllegalStateException("fixture uses zip64 sizes; patch the extra field instead");
        }
        bb.putInt(cen + 24, Integer.MAX_VALUE);
        return bad;
    }

    /** An IDX file of u1 images, shape [3, 4, 5]. */
    private static byte[] idx(Rng rng) {
        ByteBuffer bb = ByteBuffer.allocate(16 + 60);
        bb.put(new byte[] {0, 0, 0x08, 3}).putInt(3).putInt(4).putInt(5);
        for (int i = 0; i < 60; i++) {
            bb.put((byte) rng.nextInt(256));
        }
        return bb.array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** A canonical 44-byte-header WAV: 16-bit mono PCM at 8 kHz with 50 random samples. */
    private static byte[] wav(Rng rng) {
        int samples = 50;
        ByteBuffer bb = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        bb.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        bb.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16);
        bb.put("data".getBytes()).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            bb.putShort((short) rng.nextInt(65536));
        }
        return bb.array();
    }
}
