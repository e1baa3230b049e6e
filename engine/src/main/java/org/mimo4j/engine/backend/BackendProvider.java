package org.mimo4j.engine.backend;

/**
 * Service-provider hook: a backend module (e.g. {@code kernels/}) lists its provider in
 * {@code META-INF/services/org.mimo4j.engine.backend.BackendProvider}, so the engine never imports it.
 */
public interface BackendProvider {

    /** The name {@code --backend} selects this provider by. */
    String name();

    /**
     * Creates the backend, or throws {@link BackendUnavailableException} whose message says why not
     * (no driver, no device, a kernel that fails to build).
     */
    Backend create(int threads) throws BackendUnavailableException;
}
