package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mimo4j.data.io.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @Test
    void writesSortedLinesAndReadsThemBack(@TempDir Path dir) throws Exception {
        Path f = dir.resolve(Manifest.FILE);
        new Manifest().put("z", 1).put("a", "x=y").write(f);
        assertEquals("a=x=y\nz=1\n", Files.readString(f));
        Manifest m = Manifest.read(f);
        assertEquals("x=y", m.get("a", f));
        assertEquals("1", m.get("z", f));
    }

    @Test
    void missingKeyAndMalformedLineNameTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.txt");
        Files.writeString(f, "a=1\nbroken\n");
        var e = assertThrows(DataFormatException.class, () -> Manifest.read(f));
        assertEquals(f + " [line 2]: 'broken' is not key=value", e.getMessage());
        var k = assertThrows(DataFormatException.class, () -> new Manifest().get("size.train", f));
        assertEquals(f + " [key 'size.train']: missing; expected a complete AV-Digits manifest", k.getMessage());
    }

    @Test
    void rejectsMultiLineValues() {
        assertThrows(IllegalArgumentException.class, () -> new Manifest().put("a", "1\n2"));
    }
}
