package org.mimo4j.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.engine.tensor.Rng;

class CheckpointReaderTest {
    @TempDir
    Path dir;

    private static float[] randomFloats(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian() * 3;
        }
        return a;
    }

    private CheckpointData sample() {
        Rng rng = new Rng(7);
        float[] special = {Float.NaN, -0.0f, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE};
        return new CheckpointData()
                .putMetadata("epoch", "3").putMetadata("note", "größe ✓")
                .add(CheckpointEntry.ofFloats("param/enc.w", new int[] {3, 5, 7}, randomFloats(rng, 105)))
                .add(CheckpointEntry.ofFloats("param/enc.b", new int[] {5}, special))
                .add(CheckpointEntry.ofFloats("buffer/scalar", new int[] {}, new float[] {2.5f}))
                .add(CheckpointEntry.ofFloats("buffer/empty", new int[] {0, 4}, new float[0]))
                .add(CheckpointEntry.ofFloats("param/big", new int[] {40000}, randomFloats(rng, 40000)))
                .add(CheckpointEntry.ofLongs("rng", new long[] {Long.MIN_VALUE, -1, 0, 42, Long.MAX_VALUE}));
    }

    private byte[] sampleBytes() throws IOException {
        Path f = dir.resolve("sample.ckpt");
        CheckpointWriter.write(f, sample());
        return Files.readAllBytes(f);
    }

    private CheckpointException readFails(byte[] bytes) throws IOException {
        Path f = CheckpointFiles.rewrite(dir.resolve("bad.ckpt"), bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
        return e;
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void roundTripKeepsEveryEntryBitForBitAndTheMetadata() throws IOException {
        Path f = dir.resolve("a.ckpt");
        CheckpointData written = sample();
        CheckpointWriter.write(f, written);
        CheckpointData read = CheckpointReader.read(f);
        assertEquals(written.metadata(), read.metadata());
        assertEquals(List.copyOf(written.entries().keySet()), List.copyOf(read.entries().keySet()));
        for (CheckpointEntry w : written.entries().values()) {
            CheckpointEntry r = read.get(w.name());
            assertEquals(w.dtype(), r.dtype(), w.name());
            assertArrayEquals(w.shape(), r.shape(), w.name());
            if (w.dtype() == CheckpointEntry.DType.FLOAT32) {
                for (int i = 0; i < w.floats().length; i++) {
                    assertEquals(Float.floatToRawIntBits(w.floats()[i]), Float.floatToRawIntBits(r.floats()[i]),
                            w.name() + "[" + i + "]");
                }
            } else {
                assertArrayEquals(w.longs(), r.longs(), w.name());
            }
        }
    }

    @Test
    void emptyCheckpointRoundTrips() throws IOException {
        Path f = dir.resolve("empty.ckpt");
        CheckpointWriter.write(f, new CheckpointData());
        CheckpointData read = CheckpointReader.read(f);
        assertTrue(read.entries().isEmpty() && read.metadata().isEmpty());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.ckpt");
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(f));
        assertMentions(e, f.toString(), "does not exist");
    }

    @Test
    void truncationAnywhereIsReportedAsTruncation() throws IOException {
        byte[] bytes = sampleBytes();
        int headerLength = CheckpointFiles.getInt(bytes, 12);
        int[] cuts = {0, 7, 15, 16, 16 + headerLength / 2, 16 + headerLength + 3, 16 + headerLength + 8 + 100,
                bytes.length / 2, bytes.length - 1};
        for (int cut : cuts) {
            assertMentions(readFails(Arrays.copyOf(bytes, cut)), "truncated");
        }
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] bytes = sampleBytes();
        assertMentions(readFails(Arrays.copyOf(bytes, bytes.length + 3)), "trailing bytes");
    }

    @Test
    void aFlippedBitInHeaderOrPayloadFailsTheChecksum() throws IOException {
        byte[] bytes = sampleBytes();
        int headerLength = CheckpointFiles.getInt(bytes, 12);
        int[] positions = {16 + 2, 16 + headerLength - 1, 16 + headerLength + 8, bytes.length / 2, bytes.length - 5};
        for (int p : positions) {
            byte[] bad = bytes.clone();
            bad[p] ^= 0x10;
            assertMentions(readFails(bad), "checksum mismatch", "corrupted");
        }
    }

    @Test
    void badMagicSaysItIsNotACheckpoint() throws IOException {
        byte[] bytes = sampleBytes();
        bytes[0] = 'X';
        assertMentions(readFails(bytes), "bad magic at offset 0", "not a mimo4j checkpoint");
    }

    @Test
    void otherFormatVersionIsRefusedWithBothVersions() throws IOException {
        byte[] bytes = sampleBytes();
        CheckpointFiles.putInt(bytes, 8, 9);
        CheckpointFiles.fixCrc(bytes);
        assertMentions(readFails(bytes), "unsupported format version 9 at offset 8", "reads version 1");
    }

    @Test
    void unknownDtypeCodeNamesTheEntryAndOffset() throws IOException {
        byte[] bytes = sampleBytes();
        int name = CheckpointFiles.indexOf(bytes, "param/enc.b");
        int dtypeAt = name + "param/enc.b".length();
        bytes[dtypeAt] = 7;
        CheckpointFiles.fixCrc(bytes);
        assertMentions(readFails(bytes), "'param/enc.b'", "unknown dtype code 7", "offset " + dtypeAt);
    }

    @Test
    void shapeThatDisagreesWithThePayloadIsRefused() throws IOException {
        byte[] bytes = sampleBytes();
        int dimAt = CheckpointFiles.indexOf(bytes, "param/enc.b") + "param/enc.b".length() + 2;
        CheckpointFiles.putInt(bytes, dimAt, 4);
        CheckpointFiles.fixCrc(bytes);
        assertMentions(readFails(bytes), "payload length");
    }

    @Test
    void negativeDimensionNamesTheEntryAndOffset() throws IOException {
        byte[] bytes = sampleBytes();
        int dimAt = CheckpointFiles.indexOf(bytes, "param/enc.w") + "param/enc.w".length() + 2;
        CheckpointFiles.putInt(bytes, dimAt, -3);
        CheckpointFiles.fixCrc(bytes);
        assertMentions(readFails(bytes), "'param/enc.w'", "negative dimension -3", "offset " + dimAt);
    }

    @Test
    void duplicateEntryNamesAreRefused() throws IOException {
        byte[] bytes = sampleBytes();
        int second = CheckpointFiles.indexOf(bytes, "param/enc.b");
        System.arraycopy("param/enc.w".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, second, 11);
        CheckpointFiles.fixCrc(bytes);
        assertMentions(readFails(bytes), "'param/enc.w'", "appears twice");
    }

    @Test
    void headerLongerThanItsFieldsIsRefused() throws IOException {
        byte[] bytes = sampleBytes();
        int h = CheckpointFiles.getInt(bytes, 12);
        byte[] padded = new byte[bytes.length + 4];
        System.arraycopy(bytes, 0, padded, 0, 16 + h);
        System.arraycopy(bytes, 16 + h, padded, 16 + h + 4, bytes.length - 16 - h);
        CheckpointFiles.putInt(padded, 12, h + 4);
        CheckpointFiles.fixCrc(padded);
        assertMentions(readFails(padded), "fields end at offset " + (16 + h) + ", not at offset " + (16 + h + 4));
    }

    @Test
    void hugePayloadLengthIsReportedAsTruncation() throws IOException {
        byte[] bytes = sampleBytes();
        int at = 16 + CheckpointFiles.getInt(bytes, 12);
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(at, Long.MAX_VALUE - 2);
        assertMentions(readFails(bytes), "truncated");
    }

    @Test
    void entryCountBeyondTheHeaderIsRefused() throws IOException {
        byte[] bytes = sampleBytes();
        int count = CheckpointFiles.indexOf(bytes, "param/enc.w") - 6;
        CheckpointFiles.putInt(bytes, count, 100);
        CheckpointFiles.fixCrc(bytes);
        assertMentions(readFails(bytes), "header ends inside");
    }
}
