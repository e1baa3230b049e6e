package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;

/**
 * Device buffers of dropped storages come back: thousands of storages allocated, written and dropped,
 * with System.gc() every 250 cycles, keep the pool's live count bounded (after each collection only the
 * current cycle's two buffers are out), the pool recycles instead of creating, and once the last
 * storage is dropped the cleaner gives every buffer back. On a backend of its own, so no other test's storages count.
 */
class ClResidencyLeakTest {
    private static final int CYCLES = 3000;
    private static final int GC_EVERY = 250;

    @Test
    void droppedStoragesGiveTheirBuffersBack() throws Exception {
        try (ClBackend cl = OpenClTests.fresh()) {
            cycles(cl);
            awaitLiveAtMost(cl, 0);
            assertEquals(0, cl.residentStorages(), "dead storages leave the resident set");
            assertTrue(cl.pool().created() <= 2 * GC_EVERY + 2, "buffers are recycled, not created anew: "
                    + cl.pool().created() + " created for " + 2 * CYCLES + " storages");
        }
    }

    /** In a method of its own, so no stack slot keeps the last storages alive afterwards. */
    private static void cycles(ClBackend cl) throws InterruptedException {
        DeviceKernels dk = cl.deviceKernels();
        for (int i = 0; i < CYCLES; i++) {
            Storage a = dk.allocate(100 + i % 7), b = Storage.wrap(new float[100 + i % 7]);
            dk.fill(a, i);
            dk.add(a, b, b);
            if (i % GC_EVERY == GC_EVERY - 1) {
                awaitLiveAtMost(cl, 2); // only this cycle's two storages are still reachable
            }
        }
    }

    /** Collects garbage until the cleaner has brought the live count down to {@code bound}, or fails. */
    private static void awaitLiveAtMost(ClBackend cl, int bound) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (cl.pool().live() > bound) {
            assertTrue(System.nanoTime() < deadline, "live device buffers stayed at " + cl.pool().live()
                    + ", more than " + bound + ", after 10 s of System.gc()");
            System.gc();
            Thread.sleep(20);
        }
    }
}
