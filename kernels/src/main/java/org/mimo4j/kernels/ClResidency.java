package org.mimo4j.kernels;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.backend.DeviceScopes;
import org.mimo4j.engine.tensor.DeviceMirror;
import org.mimo4j.engine.tensor.Storage;

/**
 * Which {@link Storage}s live on one {@link ClBackend}'s device, and the rules that move them: an input
 * is made current on the device before a kernel reads it (uploaded when the host copy is newer, and
 * re-homed when another backend holds it), an output is written by a kernel and marked so, and the
 * host side is only refreshed when someone reads it. Storages are tracked weakly, so a dropped tensor
 * frees its buffer (through the cleaner) and {@link #close()} can still save every live one whose
 * host copy is stale before the device memory goes. Inside a {@link DeviceScope} the storages made in
 * it give their buffers back when it closes, deterministically, instead of waiting for the collector.
 */
final class ClResidency implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Object owner;
    private final ClBufferPool pool;
    private final ClHost host;
    private final Map<Storage, ClMirror> live = Collections.synchronizedMap(new WeakHashMap<>());
    private final DeviceScopes scopes = new DeviceScopes();
    private volatile boolean closed;

    ClResidency(Object owner, ClBufferPool pool, ClHost host) {
        this.owner = owner;
        this.pool = pool;
        this.host = host;
    }

    Object owner() {
        return owner;
    }

    /** A storage born on the device, values undefined until a kernel writes them. */
    Storage allocate(int length) {
        requireOpen();
        ClMirror m = newMirror(length);
        Storage s = Storage.onDevice(length, m);
        track(s, m);
        scopes.born(s, m);
        return s;
    }

    /** A scope whose storages give their buffers back when it closes (see {@link DeviceScope}). */
    DeviceScope openScope() {
        requireOpen();
        return scopes.open();
    }

    /** {@code s}'s device buffer, current (uploaded first when the host copy is newer), for a kernel to read. */
    ClBuffer read(ClScope scope, Storage s) {
        ClMirror m = ours(s);
        if (!s.mirrorCurrent()) {
            host.write(m.buffer(), s.read(), 0, s.length());
            s.uploaded();
        }
        scope.pin(s);
        return m.buffer();
    }

    /**
     * {@code s}'s device buffer for a kernel that overwrites all of it: nothing is uploaded. The caller
     * marks the storage with {@link Storage#deviceWrote()} once the kernel is enqueued.
     */
    ClBuffer write(ClScope scope, Storage s) {
        ClMirror m = ours(s);
        scope.pin(s);
        return m.buffer();
    }

    /** Our mirror of {@code s}, attaching a fresh one (after saving the values of another backend's). */
    private ClMirror ours(Storage s) {
        requireOpen();
        DeviceMirror current = s.mirror();
        if (current instanceof ClMirror mine && mine.owner() == owner) {
            return mine;
        }
        s.read(); // downloads through the other backend when its copy is the newer one
        ClMirror m = newMirror(s.length());
        s.attach(m);
        track(s, m);
        scopes.attached(s, m);
        if (current instanceof ClMirror other) {
            other.release(); // the other backend's buffer would otherwise wait for the storage to die
        }
        return m;
    }

    private ClMirror newMirror(int length) {
        return new ClMirror(this, pool.acquire(Math.max(1, length)), length);
    }

    private void track(Storage s, ClMirror m) {
        m.cleanable(CLEANER.register(s, new Release(pool, m.buffer())));
        live.put(s, m);
    }

    void download(ClMirror m, float[] dst) {
        if (closed) {
            throw new IllegalStateException("the OpenCL backend that held this storage is closed; its values were "
                    + "saved to the host at close(), so this storage should not be reading its device copy");
        }
        host.download(m.buffer(), dst, 0, m.length());
    }

    /** Live storages whose current mirror is here (forgetting those that a scope or another backend took off). */
    int liveCount() {
        synchronized (live) {
            live.entrySet().removeIf(e -> e.getKey() == null || e.getKey().mirror() != e.getValue());
            return live.size();
        }
    }

    /** Downloads every live storage whose host copy is stale, then gives every buffer back to the pool. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        List<Map.Entry<Storage, ClMirror>> entries;
        synchronized (live) {
            entries = new ArrayList<>(live.entrySet());
        }
        for (Map.Entry<Storage, ClMirror> e : entries) {
            Storage s = e.getKey();
            if (s != null && s.mirror() == e.getValue() && !s.hostCurrent()) {
                s.read();
            }
        }
        closed = true;
        entries.forEach(e -> e.getValue().release());
        live.clear();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the OpenCL backend is closed; create a new one to run kernels");
        }
    }

    /** The cleaning action: holds the pool and the buffer only, so the storage can become unreachable. */
    private record Release(ClBufferPool pool, ClBuffer buffer) implements Runnable {
        @Override
        public void run() {
            pool.release(buffer);
        }
    }
}
