package org.mimo4j.engine.backend;

/**
 * A per-thread work buffer that is reused across kernel calls, so that packing panels and im2col
 * columns do not allocate (and zero) megabytes on every call. Users must not rely on its contents:
 * every kernel writes the part it reads. Buffers above {@link #KEEP_LIMIT} floats are handed out
 * fresh and not kept, so an occasional huge call does not pin its memory to the thread.
 */
final class Scratch {
    /** 4 Mi floats (16 MiB): enough for packing a 2048 x 2048 operand. */
    static final int KEEP_LIMIT = 1 << 22;

    private final ThreadLocal<float[]> local = new ThreadLocal<>();

    /** A buffer of at least {@code size} floats, owned by the calling thread until its next call. */
    float[] get(int size) {
        float[] buffer = local.get();
        if (buffer != null && buffer.length >= size) {
            return buffer;
        }
        buffer = new float[size];
        if (size <= KEEP_LIMIT) {
            local.set(buffer);
        }
        return buffer;
    }
}
