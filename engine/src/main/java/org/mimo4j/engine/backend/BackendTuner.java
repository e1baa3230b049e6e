package org.mimo4j.engine.backend;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Service-provider hook for a backend whose kernels are tuned to the device once (the OpenCL GEMM's
 * tiles, in {@code kernels/}): {@code mimo4j tune} runs the tune and {@code mimo4j info} shows the
 * tuning in use, through {@link java.util.ServiceLoader}, so neither the engine nor the CLI imports
 * the backend. Listed in {@code META-INF/services/org.mimo4j.engine.backend.BackendTuner}.
 */
public interface BackendTuner {

    /** What to tune: re-tune even when a result is cached; candidates and sizes (empty: the defaults). */
    record Request(boolean force, List<String> candidates, List<Integer> sizes) {
        public Request {
            candidates = List.copyOf(candidates);
            sizes = List.copyOf(sizes);
        }
    }

    /** The backend name this tuner belongs to, as {@code --backend} spells it. */
    String name();

    /**
     * The tuning the backend would use on this machine now and where it comes from, e.g.
     * "packed:8x2 (tuning table)"; runs no tune. Throws when the backend has no device here.
     */
    String describe() throws BackendUnavailableException;

    /**
     * Tunes on this machine's device (or, unless {@code force}, reports the cached result), writing
     * progress, the table of candidates and the choice to {@code out}. Returns false when no candidate
     * could be chosen (the table says why); throws when the backend has no device here.
     */
    boolean tune(Request request, PrintWriter out) throws BackendUnavailableException;

    /** The registered tuner of backend {@code name}, if its module is on the class path. */
    static Optional<BackendTuner> find(String name) {
        for (BackendTuner t : ServiceLoader.load(BackendTuner.class)) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
