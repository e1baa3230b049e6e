package org.mimo4j.bench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhysicalLimitsTest {

    @Test
    void jsonRoundTrips(@TempDir Path dir) throws IOException {
        PhysicalLimits p = new PhysicalLimits(8, 41.5, 80.25, 12.5, 19.75, 1024, "how");
        Path f = dir.resolve("limits.json");
        Files.writeString(f, p.toJson());
        assertEquals(p, PhysicalLimits.read(f));
    }

    @Test
    void otherJsonIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("jmh.json");
        Files.writeString(f, "{\"lanes\": 8}");
        IOException e = assertThrows(IOException.class, () -> PhysicalLimits.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
