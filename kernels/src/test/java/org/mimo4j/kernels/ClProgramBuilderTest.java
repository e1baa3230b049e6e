package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jocl.CL.clReleaseProgram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jocl.cl_program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.engine.backend.BackendUnavailableException;

/** Program builds: the driver's build log in the error, and the on-disk binary cache. */
class ClProgramBuilderTest {
    private static final String GOOD = "__kernel void twice(__global float* x) { x[get_global_id(0)] *= 2.0f; }";

    @TempDir
    Path cache;

    @Test
    void brokenKernelFailsWithTheDriversBuildLog() throws Exception {
        OpenClTests.requireOpenCl();
        try (ClRuntime rt = ClRuntime.open()) {
            ClProgramBuilder builder = new ClProgramBuilder(rt, cache);
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> builder.build(
                    "broken.cl", "__kernel void f(__global float* x) { x[0] = no_such_name; }", ""));
            assertTrue(e.getMessage().contains("broken.cl"), e.getMessage());
            assertTrue(e.getMessage().contains("build log"), e.getMessage());
            assertTrue(e.getMessage().contains("no_such_name"), "the compiler's own diagnostic: " + e.getMessage());
        }
    }

    @Test
    void buildsAreCachedPerSourceAndOptions() throws Exception {
        OpenClTests.requireOpenCl();
        try (ClRuntime rt = ClRuntime.open()) {
            ClProgramBuilder builder = new ClProgramBuilder(rt, cache);
            clReleaseProgram(builder.build("good.cl", GOOD, ""));
            List<Path> first = binaries();
            assertEquals(1, first.size());
            byte[] bin = Files.readAllBytes(first.get(0));
            clReleaseProgram(builder.build("good.cl", GOOD, ""));
            assertEquals(first, binaries(), "an identical build must reuse its cache entry");
            assertArrayEquals(bin, Files.readAllBytes(first.get(0)));
            clReleaseProgram(builder.build("good.cl", GOOD, "-DUNUSED=1"));
            assertEquals(2, binaries().size(), "other options are another cache entry");
        }
    }

    @Test
    void corruptCacheEntryIsRebuiltFromSource() throws Exception {
        OpenClTests.requireOpenCl();
        try (ClRuntime rt = ClRuntime.open()) {
            ClProgramBuilder builder = new ClProgramBuilder(rt, cache);
            clReleaseProgram(builder.build("good.cl", GOOD, ""));
            Path entry = binaries().get(0);
            byte[] garbage = "not a binary".getBytes();
            Files.write(entry, garbage);
            cl_program p = builder.build("good.cl", GOOD, "");
            assertNotNull(p);
            clReleaseProgram(p);
            assertFalse(java.util.Arrays.equals(garbage, Files.readAllBytes(entry)), "the entry was rewritten");
        }
    }

    /** Only matmul.cl and conv2d.cl read the tile, so a second tuning rebuilds only those two. */
    @Test
    void backendsOfTwoTilesShareTheBinariesOfTheSourcesWithoutTiles() throws Exception {
        OpenClTests.requireOpenCl();
        System.setProperty(ClProgramBuilder.CACHE_PROPERTY, cache.toString());
        try {
            ClRuntime first = ClRuntime.open();
            ClBackend.create(first, ClTuning.withGemm(first.kind(), "packed:8x2"), "").close();
            int all = binaries().size();
            assertTrue(all > ClBackend.TILED_SOURCES.size(), "every source is cached: " + all);
            ClRuntime second = ClRuntime.open();
            ClBackend.create(second, ClTuning.withGemm(second.kind(), "packed:4x1"), "").close();
            assertEquals(all + ClBackend.TILED_SOURCES.size(), binaries().size());
        } finally {
            System.clearProperty(ClProgramBuilder.CACHE_PROPERTY);
        }
    }

    @Test
    void everyShippedKernelSourceIsAResource() {
        for (String f : new String[] {"matmul.cl", "conv2d.cl", "attention.cl"}) {
            assertTrue(ClProgramBuilder.resource(f).contains("__kernel"), f);
        }
        assertThrows(IllegalStateException.class, () -> ClProgramBuilder.resource("missing.cl"));
    }

    /**
     * relu.h, fold.h and tile.h (which includes grid.h and pack.h) are written once and read into every program
     * that needs them, in place of their #include line.
     */
    @Test
    void anIncludedResourceTakesThePlaceOfItsIncludeLine() {
        Map<String, List<String>> users = Map.of("relu.h", List.of("elementwise.cl", "pool.cl"),
                "fold.h", List.of("reduce.cl", "norm.cl", "loss.cl"), "tile.h", List.of("matmul.cl", "conv2d.cl"));
        users.forEach((h, files) -> {
            String header = ClProgramBuilder.resource(h);
            for (String f : files) {
                String source = ClProgramBuilder.resource(f);
                assertFalse(source.matches("(?s).*(^|\n)#include .*"), f);
                assertTrue(source.contains(header), f + " includes " + h);
            }
        });
    }

    private List<Path> binaries() throws Exception {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
    }
}
