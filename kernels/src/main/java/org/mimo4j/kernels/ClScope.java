package org.mimo4j.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * The device buffers one backend call uses. Closing the scope returns all of them to the pool, so
 * release is deterministic (try-with-resources) whatever path the call takes, exceptions included.
 */
final class ClScope implements AutoCloseable {
    private final ClBufferPool pool;
    private final List<ClBuffer> held = new ArrayList<>();

    ClScope(ClBufferPool pool) {
        this.pool = pool;
    }

    /** A buffer of at least {@code floats} floats (at least one, so zero-size views stay valid). */
    ClBuffer buffer(long floats) {
        ClBuffer b = pool.acquire(Math.max(1, floats));
        held.add(b);
        return b;
    }

    @Override
    public void close() {
        for (ClBuffer b : held) {
            pool.release(b);
        }
        held.clear();
    }
}
