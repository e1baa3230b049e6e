package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzReaderTest {
    @TempDir
    Path tmp;

    private static void assertFixtureArrays(Map<String, NdArray> arrays) {
        assertEquals(List.of("x", "y"), List.copyOf(arrays.keySet()));
        NdArray x = arrays.get("x");
        assertArrayEquals(new int[] {2, 3, 4}, x.shape());
        for (int i = 0; i < 24; i++) {
            assertEquals(NpyReaderTest.value(i) / 4, x.floats()[i], "x[" + i + "]");
        }
        for (int i = 0; i < 6; i++) {
            assertEquals((long) NpyReaderTest.value(i), arrays.get("y").longs()[i], "y[" + i + "]");
        }
    }

    @Test
    void readsNumpySavezStoredAndCompressed() throws IOException {
        assertFixtureArrays(NpzReader.read(NpyReaderTest.fixture("stored.npz")));
        assertFixtureArrays(NpzReader.read(NpyReaderTest.fixture("deflated.npz")));
    }

    @Test
    void readsOneArrayByKeyAndListsKeys() throws IOException {
        Path file = NpyReaderTest.fixture("deflated.npz");
        assertEquals(List.of("x", "y"), NpzReader.keys(file));
        assertArrayEquals(new int[] {6}, NpzReader.read(file, "y").shape());
    }

    @Test
    void missingKeyListsTheKeysThatExist() {
        var e = assertThrows(DataFormatException.class, () -> NpzReader.read(NpyReaderTest.fixture("stored.npz"), "labels"));
        assertTrue(e.getMessage().contains("'labels'") && e.getMessage().contains("[x, y]"), e.getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> NpzReader.read(tmp.resolve("none.npz")));
    }

    @Test
    void flippedDataByteInAStoredEntryFailsTheCrc() throws IOException {
        byte[] bytes = Files.readAllBytes(NpyReaderTest.fixture("stored.npz"));
        // The first entry's last data byte sits just before the second entry's local header.
        int second = indexOf(bytes, "PK\u0003\u0004".getBytes(), 4);
        bytes[second - 1] ^= 0x40;
        Path bad = tmp.resolve("flipped.npz");
        Files.write(bad, bytes);
        var e = assertThrows(DataFormatException.class, () -> NpzReader.read(bad));
        assertTrue(e.getMessage().contains("flipped.npz!x.npy") && e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void truncatedArchiveIsNotAReadableZip() throws IOException {
        byte[] bytes = Files.readAllBytes(NpyReaderTest.fixture("deflated.npz"));
        Path bad = tmp.resolve("cut.npz");
        Files.write(bad, Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(DataFormatException.class, () -> NpzReader.read(bad));
        assertTrue(e.getMessage().contains("cut.npz") && e.getMessage().contains("np.savez"), e.getMessage());
    }

    @Test
    void entriesThatAreNotNpyAreRejected() throws IOException {
        Path bad = tmp.resolve("mixed.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bad))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes());
            zip.closeEntry();
        }
        var e = assertThrows(DataFormatException.class, () -> NpzReader.read(bad));
        assertEquals("entry 'readme.txt'", e.location());
    }

    @Test
    void npyInsideAnEntryIsValidatedLikeAFile() throws IOException {
        Path bad = tmp.resolve("inner.npz");
        try (OutputStream out = Files.newOutputStream(bad); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("a.npy"));
            zip.write(NpyReaderTest.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000,), }", 8));
            zip.closeEntry();
        }
        var e = assertThrows(DataFormatException.class, () -> NpzReader.read(bad));
        assertTrue(e.getMessage().contains("inner.npz!a.npy") && e.getMessage().contains("4000000 bytes"), e.getMessage());
    }

    @Test
    void deflatedEntryDeclaringMoreThanItInflatesToIsRejected() throws IOException {
        byte[] bytes = Files.readAllBytes(NpyReaderTest.fixture("deflated.npz"));
        int cen = indexOf(bytes, new byte[] {'P', 'K', 1, 2}, 0);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int compressed = bb.getInt(cen + 20);
        bb.putInt(cen + 24, compressed * 1000);
        Path bad = tmp.resolve("liar.npz");
        Files.write(bad, bytes);
        var e = assertThrows(DataFormatException.class, () -> NpzReader.read(bad));
        assertTrue(e.getMessage().contains("liar.npz!x.npy") && e.getMessage().contains("declares " + compressed * 1000),
                e.getMessage());
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
