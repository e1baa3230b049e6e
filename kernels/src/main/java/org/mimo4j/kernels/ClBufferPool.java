package org.mimo4j.kernels;

import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clReleaseMemObject;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jocl.Sizeof;
import org.jocl.cl_context;

/**
 * Recycles device buffers, because creating one per kernel call costs a driver round trip and
 * fragments device memory. Sizes are rounded up to powers of two (at least 1024 floats) so a
 * training loop with a fixed set of shapes reaches a steady state with no allocations at all.
 * Free buffers beyond {@code maxPooledBytes} are released at once, so the pool cannot grow without
 * bound; {@link #live()} counts buffers handed out and not yet returned, so tests can prove that
 * thousands of calls leak nothing. Thread-safe: resident storages give their buffers back from the
 * cleaner thread when they become unreachable, possibly after {@link #close()}, which then frees them.
 */
public final class ClBufferPool implements AutoCloseable {
    private static final long MIN_FLOATS = 1024;

    private final cl_context context;
    private final long maxPooledBytes;
    private final Map<Long, ArrayDeque<ClBuffer>> free = new HashMap<>();
    private long pooledBytes;
    private int live;
    private long created;
    private boolean closed;

    public ClBufferPool(cl_context context, long maxPooledBytes) {
        this.context = context;
        this.maxPooledBytes = maxPooledBytes;
    }

    /** A buffer of at least {@code floats} floats, recycled when one of its size class is free. */
    public synchronized ClBuffer acquire(long floats) {
        long cls = sizeClass(floats);
        ArrayDeque<ClBuffer> q = free.get(cls);
        ClBuffer b = q == null ? null : q.pollFirst();
        if (b != null) {
            pooledBytes -= cls * Sizeof.cl_float;
        } else {
            b = new ClBuffer(clCreateBuffer(context, CL_MEM_READ_WRITE, cls * Sizeof.cl_float, null, null), cls);
            created++;
        }
        live++;
        return b;
    }

    /** Gives a buffer back; it is kept for reuse unless the pool is closed or already holding its limit. */
    public synchronized void release(ClBuffer b) {
        live--;
        long bytes = b.capacity() * Sizeof.cl_float;
        if (closed || pooledBytes + bytes > maxPooledBytes) {
            clReleaseMemObject(b.mem());
            return;
        }
        free.computeIfAbsent(b.capacity(), c -> new ArrayDeque<>()).addFirst(b);
        pooledBytes += bytes;
    }

    /** Buffers handed out and not yet released. */
    public synchronized int live() {
        return live;
    }

    /** Device buffers created over the pool's life (a steady-state loop stops increasing it). */
    public synchronized long created() {
        return created;
    }

    public synchronized long pooledBytes() {
        return pooledBytes;
    }

    static long sizeClass(long floats) {
        long c = MIN_FLOATS;
        while (c < floats) {
            c <<= 1;
        }
        return c;
    }

    /**
     * Releases every pooled buffer, and from now on every buffer given back; buffers still live are
     * the caller's leak and stay counted.
     */
    @Override
    public synchronized void close() {
        closed = true;
        for (ArrayDeque<ClBuffer> q : free.values()) {
            for (ClBuffer b : q) {
                clReleaseMemObject(b.mem());
            }
        }
        free.clear();
        pooledBytes = 0;
    }
}
