package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The backend's thread pool: every task once, nesting, failures and shutdown. */
class WorkerPoolTest {

    @Test
    void runsEveryTaskExactlyOnce() {
        try (WorkerPool pool = new WorkerPool(3)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(37);
            pool.forEach(37, runs::incrementAndGet);
            for (int t = 0; t < 37; t++) {
                assertEquals(1, runs.get(t), "task " + t);
            }
        }
    }

    @Test
    void nestedRegionsRunInlineWithoutDeadlock() {
        try (WorkerPool pool = new WorkerPool(2)) {
            int[] sums = new int[4];
            pool.forEach(4, outer -> pool.forEach(5, inner -> sums[outer] += inner + 1));
            assertArrayEquals(new int[] {15, 15, 15, 15}, sums);
        }
    }

    @Test
    void threadsHereIsOneInsideARegionAndTheFullCountOutside() {
        try (WorkerPool pool = new WorkerPool(3)) {
            assertEquals(3, pool.threadsHere());
            AtomicIntegerArray inside = new AtomicIntegerArray(4);
            pool.forEach(4, t -> inside.set(t, pool.threadsHere()));
            for (int t = 0; t < 4; t++) {
                assertEquals(1, inside.get(t), "task " + t);
            }
            assertEquals(3, pool.threadsHere());
        }
    }

    @Test
    void aFailingTaskIsRethrownToTheCaller() {
        try (WorkerPool pool = new WorkerPool(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forEach(6, t -> {
                if (t == 3) {
                    throw new IllegalStateException("task 3 failed");
                }
            }));
            assertEquals("task 3 failed", e.getMessage());
        }
    }

    @Test
    void refusesWorkAfterClose() {
        WorkerPool pool = new WorkerPool(2);
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.forEach(3, t -> { }));
    }

    @Test
    void rejectsANonPositiveThreadCount() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
    }
}
