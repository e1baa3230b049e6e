package org.mimo4j.engine.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Compares the entries of a read checkpoint with what a model and optimizer expect, before anything
 * is copied: every expected name present with the same dtype and shape, and no unexpected name under
 * the same prefix. Failures name the file, the entry, both shapes and the entry's offset.
 */
final class CheckpointMatcher {
    private final Path file;
    private final CheckpointData data;

    CheckpointMatcher(Path file, CheckpointData data) {
        this.file = file;
        this.data = data;
    }

    /**
     * Checks that the float32 entries whose names start with {@code prefix} are exactly {@code expected}
     * (full entry name -> shape).
     */
    void requireFloats(String prefix, Map<String, int[]> expected, String owner) throws CheckpointException {
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            CheckpointEntry found = data.get(e.getKey());
            if (found == null) {
                throw new CheckpointException(file, "missing '" + e.getKey() + "': " + owner + " expects shape "
                        + Arrays.toString(e.getValue()) + " but the file has no such entry");
            }
            if (found.dtype() != CheckpointEntry.DType.FLOAT32) {
                throw new CheckpointException(file, "'" + e.getKey() + "' at offset " + found.offset() + " holds "
                        + found.dtype() + ", expected FLOAT32");
            }
            if (!Arrays.equals(found.shape(), e.getValue())) {
                throw new CheckpointException(file, "shape mismatch for '" + e.getKey() + "': " + owner
                        + " expects " + Arrays.toString(e.getValue()) + ", the file has "
                        + Arrays.toString(found.shape()) + " (data at offset " + found.offset() + ")");
            }
        }
        rejectUnexpected(prefix, expected.keySet(), owner);
    }

    /** Fails on the first entry under {@code prefix} that is not in {@code expected}. */
    void rejectUnexpected(String prefix, Set<String> expected, String owner) throws CheckpointException {
        for (String name : data.entries().keySet()) {
            if (name.startsWith(prefix) && !expected.contains(name)) {
                throw new CheckpointException(file, "unexpected '" + name + "': the file has it but " + owner
                        + " does not (a different architecture or optimizer?)");
            }
        }
    }

    /** The step count stored in the int64[1] entry {@code name}, which must not be negative. */
    long stepCount(String name) throws CheckpointException {
        long step = longs(name, 1)[0];
        if (step < 0) {
            throw new CheckpointException(file, "'" + name + "' at offset " + data.get(name).offset()
                    + " holds a negative step count " + step);
        }
        return step;
    }

    /** The int64 entry {@code name}, which must hold {@code length} values. */
    long[] longs(String name, int length) throws CheckpointException {
        CheckpointEntry e = data.get(name);
        if (e == null) {
            throw new CheckpointException(file, "missing '" + name + "': the caller asked to restore it but the"
                    + " file has no such entry");
        }
        if (e.dtype() != CheckpointEntry.DType.INT64 || e.numel() != length) {
            throw new CheckpointException(file, "'" + name + "' at offset " + e.offset() + " is " + e.dtype() + " "
                    + Arrays.toString(e.shape()) + ", expected INT64 [" + length + "]");
        }
        return e.longs();
    }
}
