package org.mimo4j.bench.kernels;

import org.junit.jupiter.api.Assumptions;
import org.mimo4j.engine.backend.Backends;

/** What a benchmark test on the opencl backend starts with: skip without a platform, fail under CI. */
final class OpenClAvailable {
    private OpenClAvailable() {
    }

    /** CI sets MIMO4J_REQUIRE_OPENCL=1, so a missing platform fails there instead of skipping. */
    static void require() {
        boolean available = Backends.names().contains("opencl") && openable();
        if (!available && "1".equals(System.getenv("MIMO4J_REQUIRE_OPENCL"))) {
            throw new AssertionError("MIMO4J_REQUIRE_OPENCL=1 but the opencl backend does not start here");
        }
        Assumptions.assumeTrue(available, "no OpenCL platform: install pocl-opencl-icd ocl-icd-opencl-dev");
    }

    private static boolean openable() {
        try {
            Backends.select("opencl", 1).backend().close();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
