package org.mimo4j.mimo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private static String messageOf(String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> {
            RunConfig c = ConfigLoader.parse(json, "x.json");
            ConfigValidator.validate(c, "x.json");
        });
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("x.json: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsNestedValuesAndKeepsDefaultsForMissingOnes() {
        RunConfig c = ConfigLoader.parse("{\"method\": {\"name\": \"mimo\", \"options\": {\"gamma\": 2}},"
                + " \"training\": {\"epochs\": 7}}", "x.json");
        assertEquals("mimo", c.method.name);
        assertEquals(2.0, c.method.options.get("gamma"));
        assertEquals(7, c.training.epochs);
        assertEquals(64, c.training.batchSize);
    }

    @Test
    void anUnknownKeyIsNamedWithItsPath() {
        String m = messageOf("{\"optimizer\": {\"learningRate\": 0.1}}");
        assertTrue(m.contains("unknown key 'optimizer.learningRate'"), m);
        assertTrue(m.contains("lr"), "lists the keys that exist: " + m);
    }

    @Test
    void anUnknownEncoderKeyIsNamedWithItsPath() {
        String m = messageOf("{\"model\": {\"encoders\": {\"audio\": {\"depth\": 3}}}}");
        assertTrue(m.contains("'model.encoders.audio.depth'"), m);
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        String m = messageOf("{\"training\": {\"epochs\": \"many\"}}");
        assertTrue(m.contains("wrong value type"), m);
    }

    @Test
    void brokenJsonIsRejected() {
        assertTrue(messageOf("{\"training\": ").contains("not valid JSON"));
    }

    @Test
    void outOfRangeValuesNameTheKeyAndTheValue() {
        assertTrue(messageOf("{\"training\": {\"batchSize\": 0}}").contains("training.batchSize must be > 0, got 0"));
        assertTrue(messageOf("{\"optimizer\": {\"lr\": -1}}").contains("optimizer.lr must be a positive number"));
        assertTrue(messageOf("{\"model\": {\"fusion\": \"stack\"}}").contains("model.fusion is 'stack'; expected one of"));
        assertTrue(messageOf("{\"backend\": \"gpu\"}").contains("backend is 'gpu'"));
    }

    @Test
    void dropoutMustBeAProbabilityOnAnEncoderThatHasDropout() {
        assertTrue(messageOf("{\"model\": {\"encoders\": {\"audio\": {\"dropout\": 1.0}}}}")
                .contains("model.encoders.audio.dropout must be in [0, 1), got 1.0"));
        assertTrue(messageOf("{\"model\": {\"encoders\": {\"image\": {\"type\": \"lenet\", \"dropout\": 0.5}}}}")
                .contains("model.encoders.image.dropout is 0.5 but a lenet encoder has no dropout"));
    }

    @Test
    void anOptionTheMethodDoesNotHaveIsRejected() {
        String m = messageOf("{\"method\": {\"name\": \"joint\", \"options\": {\"gamma\": 1}}}");
        assertTrue(m.contains("method 'joint' has no option 'gamma'"), m);
    }

    @Test
    void aMissingFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(tmp.resolve("nope.json")));
        assertTrue(e.getMessage().contains("nope.json: no such config file"), e.getMessage());
    }

    @Test
    void copiesAreIndependent() {
        RunConfig a = new RunConfig();
        RunConfig b = ConfigLoader.copy(a);
        b.method.options.put("gamma", 3.0);
        b.training.seed = 9;
        assertTrue(a.method.options.isEmpty());
        assertEquals(1, a.training.seed);
    }

    @Test
    void everyCheckedInConfigLoadsAndValidates() throws IOException {
        Path configs = repositoryRoot().resolve("configs");
        List<Path> files;
        try (Stream<Path> s = Files.list(configs)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 9, "one config per method at least, found " + files);
        for (Path f : files) {
            ConfigLoader.load(f);
        }
    }

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("configs"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no configs/ folder above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
