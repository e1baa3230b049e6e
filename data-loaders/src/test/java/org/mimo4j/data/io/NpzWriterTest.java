package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.engine.tensor.Rng;

class NpzWriterTest {
    @TempDir
    Path tmp;

    private static Map<String, NdArray> sample() {
        Rng rng = new Rng(3);
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("audio", NpyWriterTest.random(DType.FLOAT16, rng, 4, 9));
        arrays.put("image", NpyWriterTest.random(DType.UINT8, rng, 4, 28, 28));
        arrays.put("labels", NpyWriterTest.random(DType.INT64, rng, 4));
        return arrays;
    }

    @Test
    void storedAndCompressedArchivesRoundTrip() throws IOException {
        Map<String, NdArray> arrays = sample();
        for (boolean compress : new boolean[] {false, true}) {
            Path file = tmp.resolve("a" + compress + ".npz");
            NpzWriter.write(file, arrays, compress);
            Map<String, NdArray> back = NpzReader.read(file);
            assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
            assertArrayEquals(arrays.get("audio").shorts(), back.get("audio").shorts());
            assertArrayEquals(arrays.get("image").bytes(), back.get("image").bytes());
            assertArrayEquals(arrays.get("labels").longs(), back.get("labels").longs());
        }
    }

    @Test
    void compressionShrinksRedundantData() throws IOException {
        Map<String, NdArray> zeros = Map.of("z", NdArray.zeros(DType.FLOAT32, 100, 100));
        NpzWriter.write(tmp.resolve("s.npz"), zeros, false);
        NpzWriter.write(tmp.resolve("c.npz"), zeros, true);
        assertTrue(Files.size(tmp.resolve("c.npz")) * 10 < Files.size(tmp.resolve("s.npz")));
    }

    @Test
    void namesWithSlashesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> NpzWriter.write(tmp.resolve("x.npz"), Map.of("a/b", NdArray.zeros(DType.INT32, 1)), false));
    }
}
