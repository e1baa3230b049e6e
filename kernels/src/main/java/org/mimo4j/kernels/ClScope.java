package org.mimo4j.kernels;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * The device buffers one backend call uses. Closing the scope returns all of them to the pool, so
 * release is deterministic (try-with-resources) whatever path the call takes, exceptions included.
 * It also keeps the call's storages reachable until it closes ({@link #pin}): a storage's device
 * buffer goes back to the pool once the storage is unreachable, and the JIT may consider a caller's
 * storage dead while its buffer is still being handed to kernels.
 */
final class ClScope implements AutoCloseable {
    private final ClBufferPool pool;
    private final List<ClBuffer> held = new ArrayList<>();
    private final List<Object> pinned = new ArrayList<>();

    ClScope(ClBufferPool pool) {
        this.pool = pool;
    }

    /** A buffer of at least {@code floats} floats (at least one, so zero-size views stay valid). */
    ClBuffer buffer(long floats) {
        ClBuffer b = pool.acquire(Math.max(1, floats));
        held.add(b);
        return b;
    }

    /** Keeps {@code owner} (a storage whose buffer this call uses) reachable until the scope closes. */
    void pin(Object owner) {
        pinned.add(owner);
    }

    @Override
    public void close() {
        Reference.reachabilityFence(pinned);
        pinned.clear();
        for (ClBuffer b : held) {
            pool.release(b);
        }
        held.clear();
    }
}
