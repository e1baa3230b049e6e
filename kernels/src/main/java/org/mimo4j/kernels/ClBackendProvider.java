package org.mimo4j.kernels;

import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.BackendProvider;
import org.mimo4j.engine.backend.BackendUnavailableException;

/**
 * Registers the OpenCL backend as {@code opencl} with the engine's {@link java.util.ServiceLoader}
 * lookup. The thread count does not apply: the device and its driver decide the parallelism.
 */
public final class ClBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public Backend create(int threads) throws BackendUnavailableException {
        return ClBackend.create();
    }
}
