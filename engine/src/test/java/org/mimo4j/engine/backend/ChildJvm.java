package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a test's entry point in a child JVM of this one's Java, with options this JVM was not started with. */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Runs {@code main} on this classpath with JVM {@code options} and {@code args}; its output once it exited 0. */
    static String run(Class<?> main, List<String> options, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** The {@code bits=...} line a child printed last: a hash of the bits it computed. */
    static String bits(String out) {
        int at = out.indexOf("bits=");
        assertTrue(at >= 0, out);
        return out.substring(at).trim();
    }
}
