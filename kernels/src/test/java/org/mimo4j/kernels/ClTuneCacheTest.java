package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autotune cache on disk: round trip, key, and files that must be ignored (no device needed). */
class ClTuneCacheTest {
    private static final String DEVICE = "pthread-test-cpu (Portable Computing Language, OpenCL 3.0, driver 5.0)";
    private static final String SOURCE = "__kernel void sgemm_packed() {}";
    private static final ClRuntime.DeviceKind CPU = ClRuntime.DeviceKind.CPU;

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private ClTuneCache cache() {
        return new ClTuneCache(dir, log::add);
    }

    /** A result that chose packed:4x2 at 0.01 s for n = 100 (200 GFLOP/s) and 0.1 s for n = 300 (540). */
    static ClAutotune.Result result(String device, String gemm) {
        ClAutotune.Outcome chosen = new ClAutotune.Outcome(gemm, new double[] {0.00001, 0.0001}, null);
        ClAutotune.Outcome skipped = new ClAutotune.Outcome("tiled:256x256x16:4x4", null, "invalid: too big");
        return new ClAutotune.Result(device, new int[] {100, 300}, List.of(skipped, chosen), chosen);
    }

    @Test
    void aStoredChoiceLoadsBackWithItsRates() throws Exception {
        Path f = cache().store(DEVICE, SOURCE, result(DEVICE, "packed:4x2"));
        ClTuneCache.Entry e = cache().load(DEVICE, SOURCE, CPU).orElseThrow();
        assertEquals("packed:4x2", e.gemm());
        assertArrayEquals(new int[] {100, 300}, e.sizes());
        assertArrayEquals(new double[] {200, 540}, e.gflops(), 0.05);
        assertEquals(f, e.file());
        assertTrue(f.getParent().equals(dir) && f.getFileName().toString().matches("autotune-[0-9a-f]{24}\\.properties"),
                f.toString());
        assertTrue(e.tuned().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), e.tuned());
        assertEquals(List.of(), log);
    }

    @Test
    void theKeyChangesWithTheKernelSourceAndTheDevice() throws Exception {
        cache().store(DEVICE, SOURCE, result(DEVICE, "packed:4x2"));
        Path f = cache().file(DEVICE, SOURCE);
        assertNotEquals(f, cache().file(DEVICE, SOURCE + " "), "an edited matmul.cl");
        assertNotEquals(f, cache().file(DEVICE.replace("driver 5.0", "driver 5.1"), SOURCE), "a driver update");
        assertNotEquals(f, cache().file(DEVICE.replace("pthread-test-cpu", "other-cpu"), SOURCE), "another device");
        assertEquals(Optional.empty(), cache().load(DEVICE, SOURCE + " ", CPU));
        assertEquals(List.of(), log, "a missing entry is not an error");
    }

    @Test
    void aCorruptFileIsIgnoredWithOneLogLine() throws Exception {
        Path f = cache().store(DEVICE, SOURCE, result(DEVICE, "packed:4x2"));
        Files.write(f, new byte[] {0, (byte) 0xff, 0x13, '\\', 'u', 'z', '\n', '='});
        assertIgnored(f, "");
        Files.writeString(f, "half a line of someth");
        assertIgnored(f, "no 'device' entry");
    }

    @Test
    void anImpossibleOrTruncatedEntryIsIgnored() throws Exception {
        Path f = cache().store(DEVICE, SOURCE, result(DEVICE, "packed:4x2"));
        String good = Files.readString(f);
        Files.writeString(f, good.replace("gemm=packed\\:4x2", "gemm=tiled\\:256x256x16\\:4x4"));
        assertIgnored(f, "at most 1024");
        Files.writeString(f, good.replaceAll("gflops=.*", "gflops=200.0"));
        assertIgnored(f, "2 sizes but 1 GFLOP/s values");
    }

    @Test
    void aFileWrittenForAnotherSourceOrDeviceIsIgnoredEvenUnderThisKey() throws Exception {
        Path here = cache().file(DEVICE, SOURCE);
        Files.move(cache().store(DEVICE, "__kernel void old() {}", result(DEVICE, "packed:4x2")), here);
        assertIgnored(here, "another matmul.cl");
        Files.move(cache().store("other-gpu", SOURCE, result("other-gpu", "packed:4x2")), here,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertIgnored(here, "written for device 'other-gpu'");
    }

    @Test
    void anUnreadableFileIsIgnored() throws Exception {
        Files.createDirectories(cache().file(DEVICE, SOURCE));
        assertIgnored(cache().file(DEVICE, SOURCE), "");
    }

    @Test
    void storingLeavesNoTemporaryFileAndReplacesTheOldEntry() throws Exception {
        cache().store(DEVICE, SOURCE, result(DEVICE, "packed:4x2"));
        cache().store(DEVICE, SOURCE, result(DEVICE, "packed:8x1"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(cache().file(DEVICE, SOURCE)), files.toList());
        }
        assertEquals("packed:8x1", cache().load(DEVICE, SOURCE, CPU).orElseThrow().gemm());
    }

    @Test
    void withCachingOffNothingIsReadOrWritten() throws Exception {
        ClTuneCache off = new ClTuneCache(null, log::add);
        assertNull(off.file(DEVICE, SOURCE));
        assertNull(off.store(DEVICE, SOURCE, result(DEVICE, "packed:4x2")));
        assertEquals(Optional.empty(), off.load(DEVICE, SOURCE, CPU));
    }

    private void assertIgnored(Path f, String... reasons) {
        log.clear();
        assertEquals(Optional.empty(), cache().load(DEVICE, SOURCE, CPU));
        assertEquals(1, log.size(), log.toString());
        String line = log.get(0);
        assertTrue(line.contains(f.toString()) && line.contains("using the tuning table"), line);
        boolean named = false;
        for (String r : reasons) {
            named |= line.contains(r);
        }
        assertTrue(named, "the reason: " + line);
    }
}
