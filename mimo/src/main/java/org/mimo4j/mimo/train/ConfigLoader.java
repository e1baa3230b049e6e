package org.mimo4j.mimo.train;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;

import org.mimo4j.mimo.report.Json;

/**
 * Reads a {@link RunConfig} from JSON. Unlike plain Gson it refuses keys the config does not have (a
 * misspelt "learningRate" would otherwise be ignored silently) and values of the wrong type, each with
 * one line that names the file and the key path.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** Reads and validates {@code file}. */
    public static RunConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such config file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        RunConfig c = parse(text, file.toString());
        ConfigValidator.validate(c, file.toString());
        return c;
    }

    /** Parses JSON text (not yet validated); {@code source} names it in messages. */
    public static RunConfig parse(String text, String source) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(text);
        } catch (JsonSyntaxException e) {
            throw new ConfigException(source + ": not valid JSON: " + rootMessage(e));
        }
        if (!tree.isJsonObject()) {
            throw new ConfigException(source + ": expected a JSON object at the top level");
        }
        checkKeys(tree.getAsJsonObject(), RunConfig.class, "", source);
        try {
            return Json.PRETTY.fromJson(tree, RunConfig.class);
        } catch (JsonSyntaxException | NumberFormatException | IllegalStateException e) {
            throw new ConfigException(source + ": wrong value type: " + rootMessage(e));
        }
    }

    /** A deep copy (through JSON), so that a compare run can vary seeds without touching the original. */
    public static RunConfig copy(RunConfig c) {
        return Json.PRETTY.fromJson(Json.PRETTY.toJson(c), RunConfig.class);
    }

    private static void checkKeys(JsonObject obj, Class<?> type, String path, String source) {
        for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            Field f = field(type, e.getKey());
            if (f == null) {
                throw new ConfigException(source + ": unknown key '" + key + "' (expected one of "
                        + fieldNames(type) + ")");
            }
            Class<?> ft = f.getType();
            if (isSpec(ft)) {
                if (!e.getValue().isJsonObject()) {
                    throw new ConfigException(source + ": '" + key + "' must be an object");
                }
                checkKeys(e.getValue().getAsJsonObject(), ft, key, source);
            } else if (Map.class.isAssignableFrom(ft) && f.getName().equals("encoders")) {
                checkEncoders(e.getValue(), key, source);
            }
        }
    }

    private static void checkEncoders(JsonElement value, String key, String source) {
        if (!value.isJsonObject()) {
            throw new ConfigException(source + ": '" + key + "' must map modality names to encoder objects");
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            if (!m.getValue().isJsonObject()) {
                throw new ConfigException(source + ": '" + key + "." + m.getKey() + "' must be an object");
            }
            checkKeys(m.getValue().getAsJsonObject(), RunConfig.EncoderSpec.class, key + "." + m.getKey(), source);
        }
    }

    private static boolean isSpec(Class<?> t) {
        return t.getEnclosingClass() == RunConfig.class;
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field f = type.getField(name);
            return Modifier.isStatic(f.getModifiers()) ? null : f;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static List<String> fieldNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                names.add(f.getName());
            }
        }
        return names;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage()).replace('\n', ' ');
    }
}
