package org.mimo4j.engine.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of one checkpoint file, independent of any model: named entries in file order plus a
 * small string metadata map. {@link Checkpoint} maps models, optimizers and generators onto it;
 * {@link CheckpointWriter} and {@link CheckpointReader} move it to and from disk.
 */
public final class CheckpointData {
    private final Map<String, CheckpointEntry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds an entry; a second entry with the same name is refused. */
    public CheckpointData add(CheckpointEntry e) {
        if (entries.putIfAbsent(e.name(), e) != null) {
            throw new IllegalArgumentException("duplicate checkpoint entry '" + e.name() + "'");
        }
        return this;
    }

    public CheckpointData putMetadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** The entry named {@code name}, or null. */
    public CheckpointEntry get(String name) {
        return entries.get(name);
    }

    /** Entries in file order (read-only). */
    public Map<String, CheckpointEntry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Metadata in file order (read-only). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }
}
