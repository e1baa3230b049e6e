package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.BackendUnavailableException;
import org.mimo4j.engine.backend.Backends;

/**
 * Registration through ServiceLoader and the fallbacks: no platform, no device of the wanted type, a
 * kernel that fails to build. "auto" must fall back to the CPU with the reason; "opencl" must fail.
 */
class ClBackendProviderTest {

    @TempDir
    Path tmp;

    @Test
    void registeredWithTheEngineAsOpencl() {
        assertTrue(Backends.names().contains("opencl"), Backends.names().toString());
    }

    @Test
    void selectingOpenclGivesTheOpenclBackend() throws Exception {
        OpenClTests.requireOpenCl();
        try (Backend b = Backends.select("opencl", 1).backend()) {
            assertEquals("opencl", b.name());
            assertTrue(b.device().contains("driver"), b.device());
        }
    }

    @Test
    void kernelThatFailsToBuildFallsBackToCpuWithTheBuildLog() {
        OpenClTests.requireOpenCl();
        withProperty(ClBackend.OPTIONS_PROPERTY, "-DTM=(", () -> {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> new ClBackendProvider().create(1));
            assertTrue(e.getMessage().contains("failed to build") && e.getMessage().contains("build log:"),
                    e.getMessage());
            Backends.Selection s = Backends.select("auto", 1);
            assertEquals("cpu", s.backend().name());
            assertTrue(s.note().contains("using the CPU backend") && s.note().contains("matmul.cl"), s.note());
            assertThrows(IllegalStateException.class, () -> Backends.select("opencl", 1));
        });
    }

    /** Asks for a device type this machine lacks (an accelerator under PoCL or on a GPU; Oclgrind is one). */
    @Test
    void missingDeviceTypeFallsBackToCpuNamingIt() {
        OpenClTests.requireOpenCl();
        String absent = Stream.of("accelerator", "gpu", "cpu").filter(ClBackendProviderTest::absent).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(absent != null, "this machine has OpenCL devices of every type");
        withProperty(ClRuntime.DEVICE_PROPERTY, absent, () -> {
            Backends.Selection s = Backends.select("auto", 1);
            assertEquals("cpu", s.backend().name());
            assertTrue(s.note().contains("no OpenCL device of type '" + absent + "'"), s.note());
        });
    }

    private static boolean absent(String deviceType) {
        boolean[] missing = {false};
        withProperty(ClRuntime.DEVICE_PROPERTY, deviceType, () -> {
            try (ClRuntime found = ClRuntime.open()) {
                found.description(); // opened: the type is present
            } catch (BackendUnavailableException e) {
                missing[0] = true;
            }
        });
        return missing[0];
    }

    /** A fresh JVM whose ICD loader sees no vendor files, so JOCL finds the loader but no platform. */
    @Test
    void noPlatformFallsBackToCpuInAFreshJvm() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FallbackMain.class.getName()));
        pb.environment().put("OCL_ICD_VENDORS", tmp.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("backend=cpu") && out.contains("using the CPU backend"), out);
        if (ClProbe.result().available()) {
            assertTrue(out.contains("found no platform"), "this machine has the loader, so the reason is: " + out);
        }
    }

    private static void withProperty(String key, String value, Runnable body) {
        String old = System.getProperty(key);
        System.setProperty(key, value);
        try {
            body.run();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    /** Entry point of the child JVM: prints what "auto" chose and why. */
    public static final class FallbackMain {
        public static void main(String[] args) throws IOException {
            Backends.Selection s = Backends.select("auto", 1);
            System.out.println("backend=" + s.backend().name() + " note=" + s.note());
        }
    }
}
