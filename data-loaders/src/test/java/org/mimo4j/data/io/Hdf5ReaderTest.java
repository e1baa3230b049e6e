package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.engine.tensor.Rng;

class Hdf5ReaderTest {
    @TempDir
    Path tmp;

    /** Writes a small file with float, double, int, long and byte datasets, one inside a group. */
    static Path sampleFile(Path dir) {
        Path file = dir.resolve("sample.h5");
        Rng rng = new Rng(5);
        float[][][] f = new float[2][3][4];
        for (float[][] a : f) {
            for (float[] b : a) {
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) rng.nextGaussian();
                }
            }
        }
        try (WritableHdfFile w = HdfFile.write(file)) {
            w.putDataset("features", f);
            w.putDataset("doubles", new double[] {1.5, -2.25});
            w.putDataset("ints", new int[][] {{1, 2}, {3, 4}, {5, 6}});
            w.putDataset("longs", new long[] {7L, 1L << 40});
            w.putDataset("bytes", new byte[] {-1, 0, 5});
            w.putGroup("order").putDataset("order", new int[] {2, 0, 1});
        }
        return file;
    }

    @Test
    void readsNumericDatasetsWithTheirShapes() throws IOException {
        Path file = sampleFile(tmp);
        try (Hdf5Reader r = Hdf5Reader.open(file)) {
            NdArray f = r.read("features");
            assertEquals(DType.FLOAT32, f.dtype());
            assertArrayEquals(new int[] {2, 3, 4}, f.shape());
            Rng rng = new Rng(5);
            for (int i = 0; i < 24; i++) {
                assertEquals((float) rng.nextGaussian(), f.floats()[i], "features[" + i + "]");
            }
            assertArrayEquals(new double[] {1.5, -2.25}, r.read("doubles").doubles());
            assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, r.read("ints").ints());
            assertArrayEquals(new int[] {3, 2}, r.read("ints").shape());
            assertArrayEquals(new long[] {7L, 1L << 40}, r.read("longs").longs());
            NdArray bytes = r.read("bytes");
            assertEquals(DType.INT8, bytes.dtype());
            assertArrayEquals(new byte[] {-1, 0, 5}, bytes.bytes());
            assertArrayEquals(new int[] {2, 0, 1}, r.read("/order/order").ints());
        }
    }

    /** h5py_sample.h5 comes from the reference HDF5 library via h5py (see hdf5/make_fixtures.py). */
    @Test
    void readsFilesWrittenByTheHdf5LibraryIncludingChunkedGzip() throws Exception {
        Path file = Path.of(getClass().getResource("hdf5/h5py_sample.h5").toURI());
        try (Hdf5Reader r = Hdf5Reader.open(file)) {
            assertValues(r.read("contiguous_f4"), DType.FLOAT32, new int[] {2, 3, 4}, 0.25, 0);
            assertValues(r.read("chunked_gzip_f8"), DType.FLOAT64, new int[] {50, 7}, 0.25, 0);
            assertValues(r.read("u1"), DType.UINT8, new int[] {4, 6}, 1, 5);
            assertValues(r.read("i2"), DType.INT16, new int[] {12}, 1, 0);
            assertValues(r.read("i8"), DType.INT64, new int[] {3, 4}, 1, 0);
            assertValues(r.read("f2"), DType.FLOAT16, new int[] {8}, 0.25, 0);
            assertArrayEquals(new int[] {2, 0, 1}, r.read("group/order").ints());
        }
    }

    private static void assertValues(NdArray a, DType dtype, int[] shape, double scale, double shift) {
        assertEquals(dtype, a.dtype());
        assertArrayEquals(shape, a.shape());
        for (int i = 0; i < a.numel(); i++) {
            assertEquals(NpyReaderTest.value(i) * scale + shift, a.getDouble(i), 0.0, a + " element " + i);
        }
    }

    @Test
    void listsDatasetsAndShapes() throws IOException {
        try (Hdf5Reader r = Hdf5Reader.open(sampleFile(tmp))) {
            assertTrue(r.datasets().containsAll(List.of("/features", "/ints", "/order/order")), r.datasets().toString());
            assertArrayEquals(new int[] {3, 2}, r.shape("ints"));
        }
    }

    @Test
    void missingDatasetListsTheOnesThatExist() throws IOException {
        Path file = sampleFile(tmp);
        var e = assertThrows(DataFormatException.class, () -> Hdf5Reader.read(file, "avadataset"));
        assertTrue(e.getMessage().contains("sample.h5") && e.getMessage().contains("avadataset")
                && e.getMessage().contains("/features"), e.getMessage());
    }

    @Test
    void groupIsNotADataset() throws IOException {
        var e = assertThrows(DataFormatException.class, () -> Hdf5Reader.read(sampleFile(tmp), "order"));
        assertTrue(e.getMessage().contains("group"), e.getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> Hdf5Reader.open(tmp.resolve("none.h5")));
    }

    @Test
    void nonHdf5FileFailsWithAFormatError() throws IOException {
        Path npy = tmp.resolve("x.h5");
        Files.copy(NpyReaderTest.fixture("f4.npy"), npy);
        var e = assertThrows(DataFormatException.class, () -> Hdf5Reader.open(npy));
        assertTrue(e.getMessage().contains("x.h5") && e.getMessage().contains("HDF5"), e.getMessage());
    }

    @Test
    void truncatedFileFailsWithAFormatError() throws IOException {
        byte[] bytes = Files.readAllBytes(sampleFile(tmp));
        Path cut = tmp.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 40));
        assertThrows(DataFormatException.class, () -> {
            try (Hdf5Reader r = Hdf5Reader.open(cut)) {
                for (String name : r.datasets()) {
                    r.read(name);
                }
            }
        });
    }
}
