package org.mimo4j.mimo.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The one Gson configuration mimo4j writes and reads JSON with: pretty for files people open
 * (config, summary), compact for the one-record-per-line metrics log. NaN and infinities are allowed
 * so a diverged loss is recorded as what it was rather than failing the writer.
 */
public final class Json {
    public static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();
    public static final Gson COMPACT = new GsonBuilder().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private Json() {
    }
}
