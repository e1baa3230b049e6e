package org.mimo4j.kernels;

import org.jocl.cl_mem;

/** A device buffer of {@code capacity} floats, owned by a {@link ClBufferPool} that recycles it. */
public final class ClBuffer {
    private final cl_mem mem;
    private final long capacity;

    ClBuffer(cl_mem mem, long capacity) {
        this.mem = mem;
        this.capacity = capacity;
    }

    public cl_mem mem() {
        return mem;
    }

    /** Size in floats (at least what was asked for: the pool rounds up to its size classes). */
    public long capacity() {
        return capacity;
    }
}
