package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.engine.tensor.Rng;

class NpyWriterTest {
    @TempDir
    Path tmp;

    /** A random array of every dtype, with values that exercise sign and range. */
    static NdArray random(DType dtype, Rng rng, int... shape) {
        NdArray a = NdArray.zeros(dtype, shape);
        int n = a.numel();
        for (int i = 0; i < n; i++) {
            long bits = rng.nextLong();
            switch (dtype) {
                case BOOL -> a.bytes()[i] = (byte) (bits & 1);
                case INT8, UINT8 -> a.bytes()[i] = (byte) bits;
                case INT16, UINT16 -> a.shorts()[i] = (short) bits;
                case FLOAT16 -> a.shorts()[i] = Half.fromFloat((float) rng.nextGaussian());
                case INT32 -> a.ints()[i] = (int) bits;
                case INT64 -> a.longs()[i] = bits;
                case FLOAT32 -> a.floats()[i] = (float) rng.nextGaussian() * 100;
                case FLOAT64 -> a.doubles()[i] = rng.nextGaussian() * 1e10;
            }
        }
        return a;
    }

    @Test
    void everyDtypeRoundTripsThroughAFile() throws IOException {
        Rng rng = new Rng(42);
        for (DType dtype : DType.values()) {
            int[] shape = {1 + rng.nextInt(5), 1 + rng.nextInt(7), 1 + rng.nextInt(3)};
            NdArray a = random(dtype, rng, shape);
            Path file = tmp.resolve(dtype.code() + ".npy");
            NpyWriter.write(file, a);
            NdArray b = NpyReader.read(file);
            assertEquals(dtype, b.dtype());
            assertArrayEquals(shape, b.shape());
            for (int i = 0; i < a.numel(); i++) {
                assertEquals(a.getDouble(i), b.getDouble(i), 0.0, dtype + " element " + i);
            }
        }
    }

    @Test
    void arraysLargerThanOneChunkRoundTrip() throws IOException {
        NdArray a = random(DType.FLOAT64, new Rng(7), 3, 10_007);
        Path file = tmp.resolve("big.npy");
        NpyWriter.write(file, a);
        assertArrayEquals(a.doubles(), NpyReader.read(file).doubles());
    }

    @Test
    void outputIsByteIdenticalToNumpySave() throws IOException {
        for (String name : new String[] {"f4.npy", "u1.npy", "i8.npy", "f2.npy", "scalar.npy", "empty.npy", "b1.npy"}) {
            byte[] numpy = Files.readAllBytes(NpyReaderTest.fixture(name));
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            NpyWriter.write(ours, NpyReader.read(NpyReaderTest.fixture(name)));
            assertArrayEquals(numpy, ours.toByteArray(), name);
        }
    }

    @Test
    void headerEndsOnA64ByteBoundaryWithNewline() {
        byte[] h = NpyWriter.header(NpyHeader.of(NdArray.zeros(DType.FLOAT32, 123456, 7)));
        assertEquals(0, h.length % 64);
        assertEquals('\n', h[h.length - 1]);
    }

    @Test
    void writingLeavesNoTemporaryFilesBehind() throws IOException {
        NpyWriter.write(tmp.resolve("sub/a.npy"), NdArray.ofFloats(new float[] {1, 2}, 2));
        NpyWriter.write(tmp.resolve("sub/a.npy"), NdArray.ofFloats(new float[] {3, 4, 5}, 3));
        try (Stream<Path> files = Files.list(tmp.resolve("sub"))) {
            assertEquals(1, files.count());
        }
        assertArrayEquals(new float[] {3, 4, 5}, NpyReader.read(tmp.resolve("sub/a.npy")).floats());
    }
}
