package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a backend's GEMM row comes from under {@value ClTuningChoice#MODE_PROPERTY}: forcing property,
 * cached autotune result, a tune now (mode run), or the table. The tune is a stub here (ClAutotuneTest
 * runs the real one), which counts its calls and chooses packed:4x2.
 */
class ClTuningChoiceTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private final List<ClRuntime> tunes = new ArrayList<>();
    private ClRuntime rt;
    private ClTuneCache cache;
    private String table;

    @BeforeEach
    void open() throws Exception {
        OpenClTests.requireOpenCl();
        rt = ClRuntime.open();
        cache = new ClTuneCache(dir, log::add);
        table = ClTuning.forDevice(rt).spec();
    }

    @AfterEach
    void close() {
        rt.close();
        System.clearProperty(ClTuning.GEMM_PROPERTY);
        System.clearProperty(ClTuningChoice.MODE_PROPERTY);
    }

    private Function<ClRuntime, ClAutotune.Result> stub(String gemm) {
        return runtime -> {
            tunes.add(runtime);
            ClAutotune.Result r = ClTuneCacheTest.result(runtime.description(), gemm);
            return gemm == null ? new ClAutotune.Result(r.device(), r.sizes(), r.outcomes().subList(0, 1), null) : r;
        };
    }

    private ClTuningChoice choose(ClTuningChoice.Mode mode, String tunedGemm) {
        return ClTuningChoice.choose(rt, mode, cache, stub(tunedGemm), log::add);
    }

    @Test
    void cachedModeUsesACachedResultButNeverTunes() throws Exception {
        ClTuningChoice none = choose(ClTuningChoice.Mode.CACHED, "packed:4x2");
        assertEquals(table, none.tuning().spec());
        assertTrue(none.source().contains("tuning table") && none.source().contains("mimo4j tune"), none.source());
        Path f = cache.store(rt, ClTuneCacheTest.result(rt.description(), "packed:8x1"));
        ClTuningChoice cached = choose(ClTuningChoice.Mode.CACHED, "packed:4x2");
        assertEquals("packed:8x1", cached.tuning().spec());
        assertTrue(cached.source().contains("autotune result in " + f), cached.source());
        assertEquals(List.of(), tunes);
    }

    @Test
    void runModeTunesOnceAndTheNextChoiceReadsTheCache() {
        ClTuningChoice first = choose(ClTuningChoice.Mode.RUN, "packed:4x2");
        assertEquals("packed:4x2", first.tuning().spec());
        assertEquals(List.of(rt), tunes);
        Path f = cache.file(rt);
        assertTrue(first.source().equals("autotune run now, cached in " + f), first.source());
        ClTuningChoice second = choose(ClTuningChoice.Mode.RUN, "packed:16x1");
        assertEquals("packed:4x2", second.tuning().spec());
        assertTrue(second.source().startsWith("autotune result in " + f), second.source());
        assertEquals(1, tunes.size(), "tuned once");
        assertTrue(log.get(0).contains("tuning the OpenCL GEMM") && log.get(1).contains("chose packed:4x2"), log.toString());
    }

    @Test
    void runModeFallsBackToTheTableWhenNoCandidatePasses() {
        ClTuningChoice c = choose(ClTuningChoice.Mode.RUN, null);
        assertEquals(table, c.tuning().spec());
        assertEquals(1, tunes.size());
        assertTrue(log.get(1).contains("no autotune candidate matched"), log.toString());
        assertFalse(java.nio.file.Files.exists(cache.file(rt)), "nothing is cached");
    }

    @Test
    void offModeIgnoresTheCacheAndNeverTunes() throws Exception {
        cache.store(rt, ClTuneCacheTest.result(rt.description(), "packed:8x1"));
        ClTuningChoice c = choose(ClTuningChoice.Mode.OFF, "packed:4x2");
        assertEquals(table, c.tuning().spec());
        assertEquals("tuning table (mimo4j.opencl.autotune=off)", c.source());
        assertEquals(List.of(), tunes);
    }

    @Test
    void aForcingPropertyBeatsTheCacheAndTheTune() throws Exception {
        cache.store(rt, ClTuneCacheTest.result(rt.description(), "packed:8x1"));
        System.setProperty(ClTuning.GEMM_PROPERTY, "packed:4x4");
        for (ClTuningChoice.Mode mode : ClTuningChoice.Mode.values()) {
            ClTuningChoice c = choose(mode, "packed:4x2");
            assertEquals("packed:4x4", c.tuning().spec(), mode.name());
            assertEquals("forced by -Dmimo4j.opencl.gemm=packed:4x4", c.source());
        }
        assertEquals(List.of(), tunes);
    }

    @Test
    void theModePropertyDefaultsToCachedAndRejectsOtherValues() {
        assertEquals(ClTuningChoice.Mode.CACHED, ClTuningChoice.Mode.fromProperty());
        System.setProperty(ClTuningChoice.MODE_PROPERTY, " Run ");
        assertEquals(ClTuningChoice.Mode.RUN, ClTuningChoice.Mode.fromProperty());
        System.setProperty(ClTuningChoice.MODE_PROPERTY, "off");
        assertEquals(ClTuningChoice.Mode.OFF, ClTuningChoice.Mode.fromProperty());
        System.setProperty(ClTuningChoice.MODE_PROPERTY, "sometimes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ClTuningChoice.Mode::fromProperty);
        assertTrue(e.getMessage().contains("cached, run or off") && e.getMessage().contains("sometimes"), e.getMessage());
    }
}
