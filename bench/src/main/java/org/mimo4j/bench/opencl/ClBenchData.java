package org.mimo4j.bench.opencl;

import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.tensor.Rng;

/** Seeded inputs and backend creation shared by the OpenCL benchmarks. */
final class ClBenchData {
    private ClBenchData() {
    }

    /** Uniform values in [-1, 1). */
    static float[] random(Rng rng, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = 2 * rng.nextFloat() - 1;
        }
        return x;
    }

    /** The named backend ("cpu", "opencl"); fails setup with the reason when it cannot start. */
    static Backend open(String name) {
        try {
            return Backends.select(name, Backends.defaultThreads()).backend();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException("backend '" + name + "' is unavailable for this benchmark ("
                    + e.getMessage() + "); run with -p backend=cpu to skip it", e);
        }
    }
}
