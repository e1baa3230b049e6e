package org.mimo4j.mimo.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Names and creates run directories: {@code <base>/<yyyyMMdd-HHmmss>-<label>}, never reusing one. */
public final class RunDirs {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunDirs() {
    }

    /** Creates a fresh directory under {@code base} for {@code label} (a suffix -2, -3 ... avoids clashes). */
    public static Path create(Path base, String label) throws IOException {
        String name = LocalDateTime.now().format(STAMP) + "-" + label.replaceAll("[^A-Za-z0-9._-]", "_");
        Path dir = base.resolve(name);
        for (int i = 2; Files.exists(dir); i++) {
            dir = base.resolve(name + "-" + i);
        }
        return Files.createDirectories(dir);
    }
}
