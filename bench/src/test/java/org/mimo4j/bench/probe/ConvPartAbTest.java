package org.mimo4j.bench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.kernels.RequireOpenCl;

class ConvPartAbTest {

    @Test
    void badArgumentsSayWhatIsExpected() {
        assertThrows(IllegalArgumentException.class, () -> ConvPartAb.Options.parse("smallcnn-conv2"));
        IllegalArgumentException part = assertThrows(IllegalArgumentException.class,
                () -> ConvPartAb.Options.parse("smallcnn-conv2", "backward"));
        assertTrue(part.getMessage().contains("backward-data"), part.getMessage());
        IllegalArgumentException warmUp = assertThrows(IllegalArgumentException.class,
                () -> ConvPartAb.Options.parse("smallcnn-conv2", "forward", "--warmup-s", "-1"));
        assertTrue(warmUp.getMessage().contains("--warmup-s"), warmUp.getMessage());
        IllegalArgumentException rounds = assertThrows(IllegalArgumentException.class,
                () -> ConvPartAb.Options.parse("smallcnn-conv2", "forward", "--rounds", "0"));
        assertTrue(rounds.getMessage().contains("--rounds"), rounds.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvPartAb.Options.parse("no-such-layer", "forward"));
        assertThrows(IllegalArgumentException.class,
                () -> ConvPartAb.Options.parse("smallcnn-conv2", "forward", "--seed", "1"));
    }

    /** An A/A run on the CPU backend: both sides compute the same output, every round is printed. */
    @Test
    void theCpuBackendRunsBothSidesOnHostArrays() throws Exception {
        String out = run("lenet28-conv2", "weight-gradient", "--backend", "cpu", "--rounds", "3", "--calls", "2",
                "--warmup-s", "0");
        assertEquals(3, out.lines().filter(l -> l.startsWith("round")).count(), out);
        assertTrue(out.contains("B faster in"), out);
        assertTrue(out.contains("of the output: 0.00e+00"), out);
    }

    /**
     * Each side in a class loader of its own over this JVM's engine (an A/A of two builds): the same outputs,
     * and the class paths in the header.
     */
    @Test
    void cpuSidesMayLoadTheirOwnBuildOfTheEngine() throws Exception {
        String engine = IsolatedClasses.locationOf(CpuBackend.class).toString();
        String out = run("lenet28-conv2", "forward", "--backend", "cpu", "--rounds", "2", "--calls", "1",
                "--warmup-s", "0", "--a-classes", engine, "--b-classes", engine);
        assertTrue(out.contains("A: [" + engine + "] {}"), out);
        assertTrue(out.contains("of the output: 0.00e+00"), out);
        IllegalArgumentException opencl = assertThrows(IllegalArgumentException.class,
                () -> ConvPartAb.Options.parse("lenet28-conv2", "forward", "--b-classes", engine));
        assertTrue(opencl.getMessage().contains("need --backend cpu"), opencl.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> run("lenet28-conv2",
                "forward", "--backend", "cpu", "--rounds", "1", "--calls", "1", "--warmup-s", "0", "--a-classes",
                "/no/such/engine"));
        assertTrue(missing.getMessage().contains("/no/such/engine"), missing.getMessage());
    }

    /** The whole layer as the benchmark runs it: all three outputs are compared. */
    @Test
    void forwardBackwardRunsTheThreeKernels() throws Exception {
        String out = run("lenet28-conv2", "forward-backward", "--backend", "cpu", "--rounds", "2", "--calls", "1",
                "--warmup-s", "0");
        assertTrue(out.contains("lenet28-conv2 forward-backward on cpu"), out);
        assertTrue(out.contains("of the output: 0.00e+00"), out);
    }

    /**
     * On PoCL the B side built with the lanes route switched off takes the GEMM route for the small CNN's
     * forward; the two routes give the same bits (ClConvLanesParityTest), so the distance is zero, and the
     * property is gone after the build.
     */
    @Test
    void theOpenClBackendRunsEachSideUnderItsOwnProperties() throws Exception {
        RequireOpenCl.orSkip();
        String out = run("smallcnn-conv2", "forward", "--rounds", "3", "--calls", "2", "--warmup-s", "0",
                "--b", "mimo4j.opencl.convLanes=false");
        assertTrue(out.contains("B: {mimo4j.opencl.convLanes=false}"), out);
        assertTrue(out.contains("of the output: 0.00e+00"), out);
        assertNull(System.getProperty("mimo4j.opencl.convLanes"));
    }

    /** Only side B is built under B's properties: a malformed one fails B's build, after A's built. */
    @Test
    void sideBsPropertiesReachSideBsBuildOnly() {
        RequireOpenCl.orSkip();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run("smallcnn-conv2", "forward",
                "--rounds", "1", "--calls", "1", "--warmup-s", "0", "--b", "mimo4j.opencl.convTiles=9x9:3"));
        assertTrue(e.getMessage().contains("mimo4j.opencl.convTiles"), e.getMessage());
        assertNull(System.getProperty("mimo4j.opencl.convTiles"));
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConvPartAb.run(ConvPartAb.Options.parse(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
