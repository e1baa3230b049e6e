package org.mimo4j.engine.tensor;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory behind one or more tensors: a host {@code float[]} and, once a device backend has used it,
 * a {@link DeviceMirror} on that device. At any time at least one side is current; whichever was
 * written last is the truth, and the other is brought up to date only when someone needs it.
 *
 * <p>Why: a device backend (OpenCL) keeps a whole training step on the device only if the tensors
 * passed between its kernels are never copied back to the host. Ops that have a device kernel hand
 * storages to {@link org.mimo4j.engine.backend.DeviceKernels}; every other op reads the host side,
 * which downloads the values first when the device copy is newer. So the engine stays correct with
 * any mix of ops and only pays transfers where an op has no device kernel.
 *
 * <p>Rules: {@link #read()} returns the current host values, which the caller must not modify;
 * {@link #write()} returns the host array for modifying and marks the device copy stale. Backends use
 * {@link #attach}, {@link #uploaded} and {@link #deviceWrote}. Not thread-safe, like the rest of a
 * tensor's life: one thread drives a model.
 */
public final class Storage {
    private static final AtomicLong SERIALS = new AtomicLong();

    private final int length;
    private float[] host;
    private boolean hostCurrent;
    private DeviceMirror mirror;
    private boolean mirrorCurrent;
    private long lifetime = SERIALS.getAndIncrement();
    private boolean released;

    private Storage(int length, float[] host, boolean hostCurrent) {
        this.length = length;
        this.host = host;
        this.hostCurrent = hostCurrent;
    }

    /** Host storage over {@code values} (no copy). */
    public static Storage wrap(float[] values) {
        return new Storage(values.length, Objects.requireNonNull(values, "values"), true);
    }

    /**
     * Storage born on a device: {@code mirror} holds the only values (a kernel is about to write them);
     * the host array is allocated on the first {@link #read()} or {@link #write()}.
     */
    public static Storage onDevice(int length, DeviceMirror mirror) {
        Storage s = new Storage(length, null, false);
        s.mirror = Objects.requireNonNull(mirror, "mirror");
        s.mirrorCurrent = true;
        return s;
    }

    /** Number of float elements. */
    public int length() {
        return length;
    }

    /** The current host values (downloaded first if the device copy is newer); do not modify them. */
    public float[] read() {
        requireLive();
        if (!hostCurrent) {
            if (host == null) {
                host = new float[length];
            }
            mirror.download(host);
            hostCurrent = true;
        }
        return host;
    }

    /** The host array for modifying in place: current values, and the device copy is now stale. */
    public float[] write() {
        float[] h = read();
        mirrorCurrent = false;
        return h;
    }

    /**
     * The creation serial the next storage will get: every storage made from now on starts with at least
     * this {@link #lifetime()}. A {@code DeviceScope} takes it when it opens, to tell the storages made
     * inside it (its to free) from older ones that it merely used.
     */
    public static long serialNow() {
        return SERIALS.get();
    }

    /**
     * The serial that decides this storage's lifetime for a {@code DeviceScope}: its own creation serial
     * (storages are numbered in the order they are made), or that of an older storage it must live as long as (see {@link #liveAsLongAs}); a scope frees it only when this
     * is at least the scope's first serial. {@link Long#MIN_VALUE} once {@link #keep() kept}.
     */
    public long lifetime() {
        return lifetime;
    }

    /**
     * Marks this storage as outliving any open {@code DeviceScope}: a tensor the caller keeps across
     * steps. Scopes never free a kept storage (the garbage collector still does, once it is unreachable).
     */
    public void keep() {
        lifetime = Long.MIN_VALUE;
    }

    /**
     * Gives this storage at least the lifetime of {@code owner}: a parameter's gradient, made in the first
     * step's scope, lives as long as the parameter (made before it), while the gradient of a leaf made
     * inside a step is freed with that step.
     */
    public void liveAsLongAs(Storage owner) {
        lifetime = Math.min(lifetime, owner.lifetime);
    }

    /** Whether a scope freed this storage's only copy (see {@link #dropMirror}); every read then fails. */
    public boolean released() {
        return released;
    }

    /**
     * For backends (a closing scope): gives the device copy back now. When the host copy is current the
     * storage simply carries on as a host storage; otherwise its values existed only on the device,
     * so the storage is marked released and any later read fails with a message, instead of GC-timed
     * reuse or a silent stale value.
     */
    public void dropMirror() {
        requireMirror("dropMirror");
        DeviceMirror m = mirror;
        mirror = null;
        mirrorCurrent = false;
        if (!hostCurrent) {
            released = true;
            host = null;
        }
        m.release();
    }

    /** Whether the host array holds the latest values (no download needed). */
    public boolean hostCurrent() {
        return hostCurrent;
    }

    /** The device copy, or null when no device backend has used this storage. */
    public DeviceMirror mirror() {
        return mirror;
    }

    /** Whether {@link #mirror()} holds the latest values (no upload needed). */
    public boolean mirrorCurrent() {
        return mirror != null && mirrorCurrent;
    }

    /**
     * For backends: gives this storage a device copy that is not yet current (the backend uploads
     * and then calls {@link #uploaded}). Replaces any earlier mirror, which the caller releases.
     */
    public void attach(DeviceMirror m) {
        requireLive();
        if (!hostCurrent) {
            throw new IllegalStateException("attach: the host copy is stale; read() it first so no values are lost");
        }
        this.mirror = Objects.requireNonNull(m, "mirror");
        this.mirrorCurrent = false;
    }

    /** For backends: the host values were just copied to the mirror, so both sides agree. */
    public void uploaded() {
        requireMirror("uploaded");
        mirrorCurrent = true;
    }

    /** For backends: a kernel wrote the mirror, so the device copy is the truth and the host is stale. */
    public void deviceWrote() {
        requireMirror("deviceWrote");
        mirrorCurrent = true;
        hostCurrent = false;
    }

    private void requireLive() {
        if (released) {
            throw new IllegalStateException("this tensor's values lived only on the device and were freed when the "
                    + "DeviceScope it was computed in closed; read it (item(), data()) inside the scope, or call "
                    + "keep() on it there so it outlives the scope");
        }
    }

    private void requireMirror(String what) {
        if (mirror == null) {
            throw new IllegalStateException(what + ": this storage has no device mirror");
        }
    }
}
