package org.mimo4j.data.avdigits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.mimo4j.data.io.DataFormatException;

/**
 * The record a built AV-Digits folder carries: sources and their checksums, tool versions, the
 * config, sizes, and the checksum of every built split. Stored as sorted {@code key=value} lines
 * (values on one line), so two manifests diff cleanly.
 */
public final class Manifest {
    public static final String FILE = "manifest.txt";
    private final TreeMap<String, String> entries = new TreeMap<>();

    public Manifest put(String key, Object value) {
        String v = String.valueOf(value);
        if (key.contains("=") || key.contains("\n") || v.contains("\n")) {
            throw new IllegalArgumentException("manifest entry '" + key + "' must be one line without '=' in the key");
        }
        entries.put(key, v);
        return this;
    }

    public Manifest putAll(Map<String, String> values) {
        values.forEach(this::put);
        return this;
    }

    /** The value of {@code key}; fails naming the manifest file when it is absent. */
    public String get(String key, Path file) throws DataFormatException {
        String v = entries.get(key);
        if (v == null) {
            throw new DataFormatException(file.toString(), "key '" + key + "'", "missing; expected a complete AV-Digits manifest");
        }
        return v;
    }

    /** All entries, sorted by key (read-only view). */
    public Map<String, String> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    public void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        entries.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    public static Manifest read(Path file) throws IOException {
        Manifest m = new Manifest();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new DataFormatException(file.toString(), "line " + lineNo, "'" + line + "' is not key=value");
            }
            m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }
}
