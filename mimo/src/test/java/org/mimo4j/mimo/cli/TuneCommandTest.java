package org.mimo4j.mimo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;



import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.kernels.RequireOpenCl;

/**
 * {@code mimo4j tune} on the OpenCL device (PoCL here) with tiny candidate lists and sizes, caching in a
 * temporary directory through {@code -Dmimo4j.opencl.cache}; and {@code mimo4j info}'s tuning line.
 */
class TuneCommandTest {
    private static final String CACHE = "mimo4j.opencl.cache";
    private static final String DEVICE = "mimo4j.opencl.device";

    @TempDir
    Path cache;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void cacheInTemp() {
        System.setProperty(CACHE, cache.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty(CACHE);
        System.clearProperty(DEVICE);
    }

    @Test
    void tuneTimesTheCandidatesCachesTheFastestAndInfoShowsIt() throws Exception {
        RequireOpenCl.orSkip();
        Result r = run("tune", "--candidates", "packed:4x1,tiled:256x256x16:4x4", "--sizes", "24,40");
        assertEquals(0, r.code(), r.err() + r.out());
        for (String line : List.of("Device: ", "Tuning 2 GEMM candidates", "[1/2] packed:4x1 ...",
                "[1/2] packed:4x1: n=24 ", "candidate", "n=24", "n=40", "(GFLOP/s, median)", "<- chosen",
                "tiled:256x256x16:4x4  skipped: invalid: ", "Chosen: packed:4x1")) {
            assertTrue(r.out().contains(line), "'" + line + "' in:\n" + r.out());
        }
        Path file = cachedFile();
        assertTrue(r.out().contains("Cache:  " + file), r.out());

        Result again = run("tune", "--candidates", "packed:4x2");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("Cached autotune result: packed:4x1 (n=24 ") && again.out().contains("--force"),
                again.out());
        assertFalse(again.out().contains("[1/1]"), "a cached result is not tuned again: " + again.out());

        Result info = run("info");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("    tuning: packed:4x1 (autotune result in " + file), info.out());
    }

    @Test
    void tuneWithNoUsableCandidateCachesNothingAndExitsWith1() throws Exception {
        RequireOpenCl.orSkip();
        Result r = run("tune", "--force", "--candidates", "packed:17x1", "--sizes", "8");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("packed:17x1  skipped: invalid: ") && r.out().contains("No candidate passed"),
                r.out());
        assertEquals("mimo4j tune: no tuning was cached (see above)", r.err().strip());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void tuneWithoutAnOpenClDeviceIsOneLineAndExitCode1() {
        System.setProperty(DEVICE, "accelerator");
        Result r = run("tune");
        assertEquals(1, r.code(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("mimo4j tune: cannot tune, OpenCL is unavailable: "), r.err());
    }

    @Test
    void nonPositiveSizesAreAUsageError() {
        Result r = run("tune", "--sizes", "64,0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--sizes must be positive"), r.err());
    }

    private Path cachedFile() throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> tuned = files.filter(f -> f.getFileName().toString().startsWith("autotune-")).toList();
            assertEquals(1, tuned.size(), tuned.toString());
            return tuned.get(0);
        }
    }
}
