package org.mimo4j.engine.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.mimo4j.engine.tensor.DeviceMirror;
import org.mimo4j.engine.tensor.Storage;

/**
 * The bookkeeping behind {@link DeviceScope} for a device backend's memory: a stack of open scopes,
 * each remembering the storages that received a device copy while it was the innermost one. A backend
 * reports every device copy it makes ({@link #born} for storages made on the device, {@link #attached}
 * for host storages it uploads); closing a scope drops the copies of those made inside it, unless their
 * {@link Storage#lifetime()} ties them to something older (a kept storage, a parameter's gradient) or
 * they have since moved to another mirror. Not thread-safe: one thread drives a backend.
 */
public final class DeviceScopes {
    private final ArrayDeque<Frame> open = new ArrayDeque<>();

    /** One open scope: the first storage serial it owns and the device copies made while innermost. */
    private final class Frame implements DeviceScope {
        private final long firstSerial = Storage.serialNow();
        private final List<Storage> storages = new ArrayList<>();
        private final List<DeviceMirror> mirrors = new ArrayList<>();
        private boolean closed;

        void record(Storage s, DeviceMirror m) {
            storages.add(s);
            mirrors.add(m);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (open.peek() != this) {
                throw new IllegalStateException("DeviceScope closed out of order: close the inner scope first "
                        + "(use try-with-resources)");
            }
            open.pop();
            closed = true;
            for (int i = 0; i < storages.size(); i++) {
                Storage s = storages.get(i);
                if (s.lifetime() >= firstSerial && s.mirror() == mirrors.get(i)) {
                    s.dropMirror();
                }
            }
            storages.clear();
            mirrors.clear();
        }
    }

    /** Opens a scope nested in the current innermost one. */
    public DeviceScope open() {
        Frame f = new Frame();
        open.push(f);
        return f;
    }

    /** A storage made on the device with copy {@code m}: the innermost scope frees it. */
    public void born(Storage s, DeviceMirror m) {
        Frame f = open.peek();
        if (f != null) {
            f.record(s, m);
        }
    }

    /**
     * A host storage that just got device copy {@code m}: the innermost scope frees the copy only if the
     * storage was made inside it (a batch, a host op's output), never an older one such as a parameter.
     */
    public void attached(Storage s, DeviceMirror m) {
        Frame f = open.peek();
        if (f != null && s.lifetime() >= f.firstSerial) {
            f.record(s, m);
        }
    }

    /** Number of open scopes. */
    public int depth() {
        return open.size();
    }
}
