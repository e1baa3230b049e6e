package org.mimo4j.engine.tensor;

/**
 * A {@link Storage}'s copy on a device, owned by the backend that made it. The engine only ever asks
 * it to copy its values back to the host; uploads, kernels and freeing are the backend's business
 * (the OpenCL backend frees the device buffer once the storage is unreachable).
 */
public interface DeviceMirror {
    /** The backend that owns this copy; a backend only reads mirrors it owns and re-uploads otherwise. */
    Object owner();

    /** Copies the device values into {@code dst}, whose length is the storage's. */
    void download(float[] dst);
}
