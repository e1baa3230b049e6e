package org.mimo4j.mimo.report;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * The {@code metrics.jsonl} of a run: one JSON object per line (a step or an epoch record), appended
 * and flushed as training goes, so that a killed run leaves every record it finished readable.
 */
public final class MetricsLog implements Closeable {
    private final BufferedWriter out;

    /** Opens {@code file} for appending (a resumed run continues the same log). */
    public MetricsLog(Path file) {
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one record and flushes it. */
    public void write(Map<String, ?> record) {
        try {
            out.write(Json.COMPACT.toJson(record));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close metrics log: " + e.getMessage(), e);
        }
    }

    /** Reads every record of a metrics log, failing with the file and line number of a broken one. */
    public static List<JsonElement> read(Path file) throws IOException {
        List<JsonElement> records = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(JsonParser.parseString(lines.get(i)));
            } catch (RuntimeException e) {
                throw new IOException(file + ":" + (i + 1) + ": not a JSON record: " + e.getMessage(), e);
            }
        }
        return records;
    }
}
