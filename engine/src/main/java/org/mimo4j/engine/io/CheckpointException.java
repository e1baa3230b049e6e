package org.mimo4j.engine.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint could not be written or read: its message names the file and what was wrong (the
 * offset, the tensor, the expected and the found value), so that a human can act on it.
 */
public final class CheckpointException extends IOException {
    private final Path file;

    public CheckpointException(Path file, String problem) {
        super("checkpoint " + file + ": " + problem);
        this.file = file;
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super("checkpoint " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The checkpoint file the problem is about. */
    public Path file() {
        return file;
    }
}
