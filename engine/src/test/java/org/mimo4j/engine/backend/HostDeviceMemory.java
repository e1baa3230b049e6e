package org.mimo4j.engine.backend;

import java.util.Arrays;
import org.mimo4j.engine.tensor.DeviceMirror;
import org.mimo4j.engine.tensor.Storage;

/**
 * The "device memory" of {@link HostDeviceKernels}: every storage it touches gets a separate array of
 * its own, so a missing upload, a missing download or a stale read gives wrong numbers instead of
 * passing by accident. Counts transfers (calls and bytes) in both directions. Fresh device storages
 * start as NaN, so a kernel that reads memory nobody wrote shows up too.
 */
public final class HostDeviceMemory {
    private long uploads;
    private long uploadedBytes;
    private long downloads;
    private long downloadedBytes;
    private int live;
    private final DeviceScopes scopes = new DeviceScopes();

    /** One storage's device copy. */
    private final class Mirror implements DeviceMirror {
        private float[] values;

        Mirror(int length) {
            values = new float[length];
            Arrays.fill(values, Float.NaN);
            live++;
        }

        /** Poisons the copy: a kernel that still used it after release would fail loudly. */
        @Override
        public void release() {
            if (values != null) {
                values = null;
                live--;
            }
        }

        @Override
        public Object owner() {
            return HostDeviceMemory.this;
        }

        @Override
        public void download(float[] dst) {
            if (dst.length != values.length) {
                throw new IllegalArgumentException("download into " + dst.length + " floats from a mirror of "
                        + values.length);
            }
            downloads++;
            downloadedBytes += 4L * values.length;
            System.arraycopy(values, 0, dst, 0, values.length);
        }
    }

    /** A storage born here; refuses length 0 as OpenCL refuses empty buffers. */
    Storage allocate(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("allocate: a device buffer needs length > 0, got " + length);
        }
        Mirror m = new Mirror(length);
        Storage s = Storage.onDevice(length, m);
        scopes.born(s, m);
        return s;
    }

    /** A scope over this memory (see {@link DeviceScope}). */
    DeviceScope openScope() {
        return scopes.open();
    }

    /** Device copies made and not yet released (a scope or a moved storage releases them). */
    public int live() {
        return live;
    }

    /** The device values of an input, uploading them first unless this memory holds them already. */
    float[] in(Storage s) {
        Mirror m = ours(s);
        if (m != null && s.mirrorCurrent()) {
            return m.values;
        }
        float[] host = s.read();
        if (m == null) {
            m = attach(s);
        }
        uploads++;
        uploadedBytes += 4L * host.length;
        System.arraycopy(host, 0, m.values, 0, host.length);
        s.uploaded();
        return m.values;
    }

    /** The device array an output is about to overwrite completely (nothing uploaded); call {@link #wrote} after. */
    float[] out(Storage s) {
        Mirror m = ours(s);
        if (m == null) {
            s.read();
            m = attach(s);
        }
        return m.values;
    }

    private Mirror attach(Storage s) {
        Mirror m = new Mirror(s.length());
        s.attach(m);
        scopes.attached(s, m);
        return m;
    }

    /** Marks a storage's device copy as the truth after a kernel wrote it. */
    void wrote(Storage s) {
        s.deviceWrote();
    }

    private Mirror ours(Storage s) {
        return s.mirror() instanceof Mirror m && m.owner() == this ? m : null;
    }

    public long uploads() {
        return uploads;
    }

    public long uploadedBytes() {
        return uploadedBytes;
    }

    public long downloads() {
        return downloads;
    }

    public long downloadedBytes() {
        return downloadedBytes;
    }

    /** Starts counting from zero again. */
    public void resetCounts() {
        uploads = 0;
        uploadedBytes = 0;
        downloads = 0;
        downloadedBytes = 0;
    }
}
