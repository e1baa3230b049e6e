package org.mimo4j.engine.ops;

import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;

/**
 * Splits an op's host loop over [0, length) into chunks and runs them through the current backend's
 * {@link Backend#forEachTask}, so that large elementwise and pooling loops use the CPU backend's
 * threads. The chunks depend only on the length and the grain, never on the thread count, and each
 * writes its own range: results are the same for any number of threads.
 */
public final class HostChunks {
    /** Below this many elements (about 30 microseconds of a simple loop) one thread does it all. */
    public static final int GRAIN = 1 << 15;

    private HostChunks() {
    }

    /** The body of one chunk: the half-open range [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over [0, length) in chunks of at least {@code grain} elements. */
    public static void forEach(int length, int grain, Range body) {
        int chunks = length <= grain ? 1 : Math.min(64, length / grain);
        if (chunks <= 1) {
            body.run(0, length);
            return;
        }
        Backends.current().forEachTask(chunks, c -> body.run((int) ((long) c * length / chunks),
                (int) ((long) (c + 1) * length / chunks)));
    }
}
