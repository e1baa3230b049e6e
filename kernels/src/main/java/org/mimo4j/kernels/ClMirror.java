package org.mimo4j.kernels;

import java.lang.ref.Cleaner;
import org.mimo4j.engine.tensor.DeviceMirror;

/**
 * A {@link org.mimo4j.engine.tensor.Storage}'s copy in one {@link ClBackend}'s device memory: a
 * pooled buffer of at least the storage's length. The buffer goes back to the pool when the storage
 * becomes unreachable (a {@link Cleaner} action that holds the pool and the buffer, never the
 * storage), when a {@link org.mimo4j.engine.backend.DeviceScope} it was made in closes, when the
 * storage moves to another backend, or when the backend closes, whichever comes first;
 * {@link #release()} is idempotent.
 */
final class ClMirror implements DeviceMirror {
    private final ClResidency residency;
    private final ClBuffer buffer;
    private final int length;
    private Cleaner.Cleanable cleanable;

    ClMirror(ClResidency residency, ClBuffer buffer, int length) {
        this.residency = residency;
        this.buffer = buffer;
        this.length = length;
    }

    /** The backend this copy lives on. */
    @Override
    public Object owner() {
        return residency.owner();
    }

    /** Blocking read of the device values; fails once the backend is closed (its storages were saved then). */
    @Override
    public void download(float[] dst) {
        residency.download(this, dst);
    }

    ClBuffer buffer() {
        return buffer;
    }

    int length() {
        return length;
    }

    void cleanable(Cleaner.Cleanable c) {
        this.cleanable = c;
    }

    /** Gives the buffer back to its pool now, at most once; the storage must not use this mirror again. */
    @Override
    public void release() {
        cleanable.clean();
    }
}
