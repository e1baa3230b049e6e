package org.mimo4j.engine.tensor;

/**
 * A {@link Storage}'s copy on a device, owned by the backend that made it. The engine asks it to copy
 * its values back to the host and, when a {@link org.mimo4j.engine.backend.DeviceScope} closes, to give
 * its memory back; uploads and kernels are the backend's business. A storage nobody releases still
 * gets its memory back once it is unreachable (the OpenCL backend registers a cleaner), but only when
 * the garbage collector gets to it.
 */
public interface DeviceMirror {
    /** The backend that owns this copy; a backend only reads mirrors it owns and re-uploads otherwise. */
    Object owner();

    /** Copies the device values into {@code dst}, whose length is the storage's. */
    void download(float[] dst);

    /** Gives the device memory back now (idempotent); the storage does not use this mirror again. */
    void release();
}
