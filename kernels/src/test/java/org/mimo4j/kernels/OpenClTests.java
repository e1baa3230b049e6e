package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.mimo4j.engine.backend.BackendUnavailableException;

/**
 * What every OpenCL test starts with: skip with the probe's reason where no platform exists, except
 * under {@code MIMO4J_REQUIRE_OPENCL=1} (CI), where a missing platform fails the test instead, so CI
 * cannot go green by skipping. Also holds the one backend the parity tests share, because building
 * the kernels is the slowest part of a test run.
 */
final class OpenClTests {
    static final String REQUIRE_ENV = "MIMO4J_REQUIRE_OPENCL";

    private static ClBackend shared;

    private OpenClTests() {
    }

    static void requireOpenCl() {
        ClProbe.Result r = ClProbe.result();
        if (!r.available()) {
            if ("1".equals(System.getenv(REQUIRE_ENV))) {
                fail(REQUIRE_ENV + "=1 but OpenCL is unavailable: " + r.reason());
            }
            assumeTrue(false, "OpenCL tests skipped: " + r.reason());
        }
    }

    /** The backend shared by the parity tests; it lives until the test JVM exits. */
    static synchronized ClBackend backend() throws BackendUnavailableException {
        requireOpenCl();
        if (shared == null) {
            shared = ClBackend.create();
        }
        return shared;
    }
}
