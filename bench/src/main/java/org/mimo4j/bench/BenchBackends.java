package org.mimo4j.bench;

import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.tensor.Rng;

/**
 * Backend creation and seeded inputs shared by every benchmark package (kernels, opencl, compare). A backend that cannot start fails the
 * benchmark's setup with a message saying which one and why, so JMH reports that parameter
 * combination as failed and goes on with the others.
 */
public final class BenchBackends {
    /** Every benchmark (and the Python peers) draws its inputs from this seed. */
    public static final long SEED = 20240611L;

    private BenchBackends() {
    }

    /** Creates the named backend ("cpu", "opencl") on the thread count of {@code -Dmimo4j.threads}. */
    public static Backend open(String name) {
        try {
            Backends.Selection s = Backends.select(name, Backends.defaultThreads());
            return s.backend();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException("backend '" + name + "' is unavailable for this benchmark ("
                    + e.getMessage() + "); run with -p backend=cpu to skip it", e);
        }
    }

    /** Uniform values in [-1, 1). */
    public static float[] random(Rng rng, int length) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = 2 * rng.nextFloat() - 1;
        }
        return a;
    }
}
