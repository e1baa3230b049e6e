package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads fixtures written by NumPy itself (see resources/.../numpy/make_fixtures.py) and hand-made bad files. */
class NpyReaderTest {
    private static final int[] SHAPE = {2, 3, 4};

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(NpyReaderTest.class.getResource("numpy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The formula make_fixtures.py uses: (i * 7 % 11) - 5. */
    static double value(int i) {
        return (i * 7 % 11) - 5;
    }

    private static void assertValues(NdArray a, double scale, double shift) {
        assertArrayEquals(SHAPE, a.shape());
        for (int i = 0; i < 24; i++) {
            assertEquals(value(i) * scale + shift, a.getDouble(i), 0.0, "element " + i + " of " + a);
        }
    }

    @Test
    void readsEveryDtypeNumpyWrites() throws IOException {
        assertValues(NpyReader.read(fixture("f4.npy")), 0.25, 0);
        assertValues(NpyReader.read(fixture("f8_big.npy")), 0.25, 0);
        assertValues(NpyReader.read(fixture("f2.npy")), 0.25, 0);
        assertValues(NpyReader.read(fixture("u1.npy")), 1, 5);
        assertValues(NpyReader.read(fixture("i2.npy")), 1, 0);
        assertValues(NpyReader.read(fixture("i4.npy")), 1, 0);
        assertValues(NpyReader.read(fixture("i8.npy")), 1, 0);
        NdArray bools = NpyReader.read(fixture("b1.npy"));
        assertEquals(DType.BOOL, bools.dtype());
        for (int i = 0; i < 24; i++) {
            assertEquals(value(i) > 0 ? 1 : 0, bools.getDouble(i), "bool " + i);
        }
    }

    @Test
    void readsFormatVersionsTwoAndThree() throws IOException {
        assertValues(NpyReader.read(fixture("v2.npy")), 0.25, 0);
        assertValues(NpyReader.read(fixture("v3.npy")), 1, 0);
    }

    @Test
    void readsScalarsAndEmptyArrays() throws IOException {
        NdArray scalar = NpyReader.read(fixture("scalar.npy"));
        assertEquals(0, scalar.dim());
        assertEquals(2.5f, scalar.floats()[0]);
        NdArray empty = NpyReader.read(fixture("empty.npy"));
        assertArrayEquals(new int[] {0, 5}, empty.shape());
        assertEquals(0, empty.numel());
    }

    @Test
    void readHeaderGivesShapeWithoutTheData() throws IOException {
        NpyHeader h = NpyReader.readHeader(fixture("f8_big.npy"));
        assertEquals(DType.FLOAT64, h.dtype());
        assertEquals(ByteOrder.BIG_ENDIAN, h.order());
        assertArrayEquals(SHAPE, h.shape());
    }

    @Test
    void rejectsFortranOrderedFiles() {
        var e = assertThrows(DataFormatException.class, () -> NpyReader.read(fixture("fortran.npy")));
        assertTrue(e.getMessage().contains("fortran.npy") && e.getMessage().contains("Fortran"), e.getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> NpyReader.read(tmp.resolve("absent.npy")));
    }

    @Test
    void truncatedDataNamesTheOffsetAndTheSizes() throws IOException {
        byte[] good = Files.readAllBytes(fixture("f4.npy"));
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(good, good.length - 3));
        var e = assertThrows(DataFormatException.class, () -> NpyReader.read(cut));
        assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("96 bytes")
                && e.getMessage().contains("93 follow"), e.getMessage());
        assertEquals("data at offset 128", e.location());
    }

    @Test
    void trailingBytesAreASizeMismatch() throws IOException {
        byte[] good = Files.readAllBytes(fixture("f4.npy"));
        Path longer = tmp.resolve("long.npy");
        Files.write(longer, Arrays.copyOf(good, good.length + 4));
        var e = assertThrows(DataFormatException.class, () -> NpyReader.read(longer));
        assertTrue(e.getMessage().contains("100 follow"), e.getMessage());
    }

    @Test
    void hugeDeclaredShapeFailsBeforeAllocating() throws IOException {
        Path liar = tmp.resolve("liar.npy");
        Files.write(liar, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000, 2000000000, 9), }", 16));
        var e = assertThrows(DataFormatException.class, () -> NpyReader.read(liar));
        assertTrue(e.getMessage().contains("more than 2^63") && e.getMessage().contains("16 follow"), e.getMessage());
    }

    @Test
    void hugeHeaderLengthFailsClearly() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("v2.npy"));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0x7FFFFFF0);
        Path liar = tmp.resolve("liar2.npy");
        Files.write(liar, bytes);
        var e = assertThrows(DataFormatException.class, () -> NpyReader.read(liar));
        assertEquals("offset 8", e.location());
    }

    @Test
    void wrongMagicSaysWhatAnNpyFileStartsWith() throws IOException {
        Path text = tmp.resolve("notes.npy");
        Files.writeString(text, "hello, this is not numpy data");
        var e = assertThrows(DataFormatException.class, () -> NpyReader.read(text));
        assertTrue(e.getMessage().contains("\\x93NUMPY") && e.location().equals("offset 0"), e.getMessage());
    }

    @Test
    void boolsOtherThanZeroOrOneAreRejected() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("b1.npy"));
        bytes[bytes.length - 2] = 7;
        Path bad = tmp.resolve("b.npy");
        Files.write(bad, bytes);
        var e = assertThrows(DataFormatException.class, () -> NpyReader.read(bad));
        assertEquals("offset " + (bytes.length - 2), e.location());
    }

    /** A version 1.0 file with the given dictionary and {@code dataBytes} zero bytes of data. */
    static byte[] npy(String dict, int dataBytes) {
        byte[] d = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bb = ByteBuffer.allocate(10 + d.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) d.length).put(d);
        return bb.array();
    }
}
