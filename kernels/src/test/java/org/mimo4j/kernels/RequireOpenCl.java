package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every OpenCL test starts with, in this module and in the modules that use its test-jar (mimo,
 * bench): skip with the probe's reason where OpenCL is unavailable, but fail instead under
 * {@code MIMO4J_REQUIRE_OPENCL=1} (CI sets it), so CI cannot go green by skipping.
 */
public final class RequireOpenCl {
    /** The environment variable that turns a skip into a failure. */
    public static final String ENV = "MIMO4J_REQUIRE_OPENCL";

    private RequireOpenCl() {
    }

    /** Returns when an OpenCL device answers; otherwise skips the test, or fails it under {@link #ENV}=1. */
    public static void orSkip() {
        ClProbe.Result r = ClProbe.result();
        if (!r.available()) {
            if ("1".equals(System.getenv(ENV))) {
                fail(ENV + "=1 but OpenCL is unavailable: " + r.reason());
            }
            assumeTrue(false, "OpenCL tests skipped: " + r.reason());
        }
    }
}
