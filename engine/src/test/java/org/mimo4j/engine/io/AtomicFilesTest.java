package org.mimo4j.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writeReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("x.bin");
        Files.write(f, new byte[] {1, 2, 3});
        AtomicFiles.write(f, out -> out.write(new byte[] {9, 8}));
        assertArrayEquals(new byte[] {9, 8}, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFileIntact() throws IOException {
        Path f = dir.resolve("x.bin");
        byte[] previous = {1, 2, 3, 4};
        Files.write(f, previous);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(previous, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void aFailedFirstWriteCreatesNoFile() throws IOException {
        Path f = dir.resolve("new.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            throw new IOException("boom");
        }));
        assertEquals(List.of(), listing());
    }
}
