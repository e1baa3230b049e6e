package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    static byte[] idx(int typeCode, int[] shape, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) shape.length);
        for (int d : shape) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37 + 11);
        }
        return p;
    }

    @Test
    void readsPlainImages() throws Exception {
        NdArray a = IdxReader.readImages(write("img", idx(0x08, new int[] {2, 3, 4}, pixels(24))));
        assertArrayEquals(new int[] {2, 3, 4}, a.shape());
        assertEquals(DType.UINT8, a.dtype());
        assertArrayEquals(pixels(24), a.bytes());
    }

    @Test
    void readsGzipImagesIdenticallyToPlain() throws Exception {
        byte[] raw = idx(0x08, new int[] {3, 5, 5}, pixels(75));
        NdArray plain = IdxReader.read(write("p", raw));
        NdArray gz = IdxReader.read(write("p.gz", gzip(raw)));
        assertArrayEquals(plain.shape(), gz.shape());
        assertArrayEquals(plain.bytes(), gz.bytes());
    }

    @Test
    void readsBigEndianFloatsAndInts() throws Exception {
        ByteBuffer f = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2f);
        assertArrayEquals(new float[] {1.5f, -2f}, IdxReader.read(write("f", idx(0x0D, new int[] {2}, f.array()))).floats());
        ByteBuffer i = ByteBuffer.allocate(8).putInt(7).putInt(-9);
        assertArrayEquals(new int[] {7, -9}, IdxReader.read(write("i", idx(0x0C, new int[] {1, 2}, i.array()))).ints());
    }

    @Test
    void labelsOutOfRangeNameTheSampleAndOffset() throws Exception {
        Path f = write("lab", idx(0x08, new int[] {3}, new byte[] {1, 9, 10}));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(f, 10));
        assertEquals(f + " [offset 10]: label 10 of sample 2 is out of range; expected 0..9", e.getMessage());
    }

    @Test
    void wrongMagicIsRejected() throws Exception {
        Path f = write("m", new byte[] {1, 0, 8, 1, 0, 0, 0, 0});
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read(f));
        assertEquals(f + " [offset 0]: magic starts with 01 00 08 01; expected two zero bytes then the type code"
                + " and dimension count (IDX)", e.getMessage());
    }

    @Test
    void unknownTypeCodeIsRejected() throws Exception {
        Path f = write("t", idx(0x0A, new int[] {1}, new byte[1]));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("[offset 2]: type code 0x0A is not an IDX type"), e.getMessage());
    }

    @Test
    void everyTruncationOfPlainAndGzipFilesFailsClearly() throws Exception {
        byte[] full = idx(0x08, new int[] {2, 2, 3}, pixels(12));
        for (int cut = 0; cut < full.length; cut++) {
            Path plain = write("cut" + cut, Arrays.copyOf(full, cut));
            var e = assertThrows(DataFormatException.class, () -> IdxReader.read(plain), "plain cut at " + cut);
            assertTrue(e.getMessage().startsWith(plain + " [offset "), e.getMessage());
            Path gz = write("cut" + cut + ".gz", gzip(Arrays.copyOf(full, cut)));
            var g = assertThrows(DataFormatException.class, () -> IdxReader.read(gz), "gzip cut at " + cut);
            assertTrue(g.getMessage().startsWith(gz + " (gzip) [offset "), g.getMessage());
        }
    }

    @Test
    void truncatedCompressedStreamFailsClearly() throws Exception {
        byte[] gz = gzip(idx(0x08, new int[] {10, 10}, pixels(100)));
        Path f = write("t.gz", Arrays.copyOf(gz, gz.length - 12));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws Exception {
        byte[] full = idx(0x08, new int[] {4}, pixels(4));
        Path f = write("tail", Arrays.copyOf(full, full.length + 1));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
        Path g = write("tail.gz", gzip(Arrays.copyOf(full, full.length + 1)));
        assertTrue(assertThrows(DataFormatException.class, () -> IdxReader.read(g)).getMessage()
                .contains("content continues past"));
    }

    @Test
    void hugeDeclaredShapeFailsBeforeAllocating() throws Exception {
        byte[] lying = idx(0x08, new int[] {60000, 60000, 60000}, pixels(10));
        Path f = write("huge", lying);
        var e = assertThrows(DataFormatException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("[offset 4]: shape [60000, 60000, 60000] of u1 declares"), e.getMessage());
        Path g = write("big.gz", gzip(idx(0x08, new int[] {40000, 40000}, pixels(10))));
        var t = assertThrows(DataFormatException.class, () -> IdxReader.read(g));
        assertTrue(t.getMessage().contains("truncated: the data ends after 10 of the 1600000000 bytes"), t.getMessage());
    }

    @Test
    void imageFileWithLabelShapeIsRejected() throws Exception {
        Path f = write("l", idx(0x08, new int[] {3}, new byte[3]));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(f));
        assertTrue(e.getMessage().contains("expected an image file of unsigned bytes with 3 dimensions"), e.getMessage());
    }
}
