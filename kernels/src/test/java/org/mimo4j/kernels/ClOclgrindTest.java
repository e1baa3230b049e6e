package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device kernels' parity tests again on Oclgrind (Debian's {@code oclgrind}: an OpenCL device
 * simulated work-item by work-item, which checks every memory access and every barrier), in a child JVM
 * whose ICD loader sees only Oclgrind. PoCL runs a kernel that reads past its buffer or lets work-items
 * skip a barrier without a word; a GPU may return garbage or hang. This fails on any invalid read or
 * write, barrier divergence or OpenCL API error Oclgrind reports, and on any failed test. Oclgrind's
 * device answers to every device type, so the tests run the GPU tile row there. Oclgrind knows the
 * buffers, not the storages in them: a pooled buffer is rounded up to a power of two, so a read past a
 * storage's end but inside its buffer goes unseen (a read 2^22 floats past max_pool_forward's input was
 * caught; one 64 past it was not).
 *
 * <p>The classes are the quick ones under Oclgrind (2-15 s each: elementwise with broadcasting and
 * strides, unary, reductions, max-over-axes, max and average pooling, the loss, indexing, and both forms of
 * the attention's row kernels on small shapes, about 7 s); the GEMM, convolution and attention parity classes
 * take minutes there. It skips where oclgrind is not installed,
 * except under {@code MIMO4J_REQUIRE_OPENCL=1}, where CI installs it.
 */
class ClOclgrindTest {
    private static final Path ICD_LIBRARY = Path.of("/usr/lib/oclgrind/liboclgrind-rt-icd.so");
    private static final List<String> CLASSES = List.of("ClDeviceElementwiseParityTest", "ClDeviceUnaryParityTest",
            "ClDeviceStridedParityTest", "ClDeviceReduceParityTest", "ClDeviceMaxToParityTest",
            "ClDevicePoolParityTest", "ClDeviceAvgPoolParityTest", "ClDeviceLossParityTest",
            "ClDeviceIndexParityTest", "ClAttentionTest");
    /** What Oclgrind prints for an out-of-bounds access, a barrier not reached by all, or a failed API call. */
    private static final Pattern ERROR = Pattern.compile(
            "(?m)^(Invalid (read|write).*|Work-(group|item) divergence.*|Oclgrind - OpenCL runtime error detected)$");

    @TempDir
    Path tmp;

    @Test
    void theDeviceKernelsParityTestsPassOnOclgrindWithoutAMemoryOrBarrierError() throws Exception {
        boolean required = "1".equals(System.getenv("MIMO4J_REQUIRE_OPENCL"));
        if (!Files.isRegularFile(ICD_LIBRARY)) {
            assertTrue(!required, "MIMO4J_REQUIRE_OPENCL=1 but " + ICD_LIBRARY + " is missing: install oclgrind");
            Assumptions.abort(ICD_LIBRARY + " is missing (apt-get install oclgrind)");
        }
        Files.writeString(tmp.resolve("oclgrind.icd"), ICD_LIBRARY + "\n");
        Path log = tmp.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                OclgrindSuite.class.getName()));
        command.addAll(CLASSES);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OCL_ICD_VENDORS", tmp.toString());
        pb.environment().put("OCLGRIND_CHECK_API", "1");
        Process child = pb.start();
        boolean ended = child.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "the child ran past 10 minutes:\n" + tail(out));
        assertTrue(out.contains("device: Oclgrind"), "the child did not run on Oclgrind:\n" + tail(out));
        Matcher error = ERROR.matcher(out);
        if (error.find()) {
            fail("Oclgrind reported:\n" + out.substring(Math.max(0, error.start() - 200),
                    Math.min(out.length(), error.start() + 800)));
        }
        assertEquals(0, child.exitValue(), "failed tests on Oclgrind:\n" + tail(out));
    }

    private static String tail(String out) {
        return out.substring(Math.max(0, out.length() - 4000));
    }
}
