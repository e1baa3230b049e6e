package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsTest {

    @Test
    void missingProgramNamesItAndHowToInstallIt() {
        var e = assertThrows(ToolException.class, () -> Tools.require("mimo4j-no-such-program"));
        assertEquals("AV-Digits needs the program 'mimo4j-no-such-program', which is not on the PATH; install it with:"
                + " your package manager", e.getMessage());
    }

    @Test
    void failingCommandReportsExitCodeAndErrorOutput(@TempDir Path dir) {
        var e = assertThrows(ToolException.class, () -> Tools.run(dir, List.of("sh", "-c", "echo oops >&2; exit 3")));
        assertTrue(e.getMessage().contains("failed with exit code 3"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": oops"), e.getMessage());
    }

    @Test
    void returnsStandardOutput(@TempDir Path dir) throws Exception {
        assertEquals("hi\n", Tools.run(dir, List.of("sh", "-c", "echo hi")));
    }

    @Test
    void everyRecipeToolIsInstalled() throws Exception {
        // CI installs all of them; a missing one must fail here with the install command, not skip.
        for (String tool : AvDigitsBuilder.TOOLS) {
            Tools.require(tool);
        }
    }
}
