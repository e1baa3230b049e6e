package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The backend's thread pool: every task once, nesting, failures, concurrent callers and shutdown. */
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

    /**
     * Many regions back to back, with workers that park at once (every hand-over goes through unpark) and
     * with workers that spin (none does): every task of every region runs once, and its writes are seen.
     */
    @Test
    void backToBackRegionsRunEveryTaskOnceWhetherWorkersParkOrSpin() {
        for (long spin : new long[] {0, 1_000_000}) {
            try (WorkerPool pool = new WorkerPool(3, spin)) {
                for (int region = 0; region < 300; region++) {
                    int tasks = 2 + region % 7;
                    int[] runs = new int[tasks];
                    pool.forEach(tasks, t -> runs[t]++);
                    for (int t = 0; t < tasks; t++) {
                        assertEquals(1, runs[t], "spin " + spin + ", region " + region + ", task " + t);
                    }
                }
            }
        }
    }

    /** A second caller runs its region inline while the first holds the workers: both complete. */
    @Test
    void concurrentCallersEachRunAllTheirTasks() throws Exception {
        try (WorkerPool pool = new WorkerPool(2)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            Thread[] callers = new Thread[3];
            for (int c = 0; c < callers.length; c++) {
                callers[c] = new Thread(() -> {
                    try {
                        start.await();
                        for (int region = 0; region < 200; region++) {
                            AtomicIntegerArray runs = new AtomicIntegerArray(9);
                            pool.forEach(9, runs::incrementAndGet);
                            for (int t = 0; t < 9; t++) {
                                assertEquals(1, runs.get(t), "task " + t);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                callers[c].start();
            }
            start.countDown();
            for (Thread caller : callers) {
                caller.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
        }
    }

    @Test
    void aTaskFailingOnAWorkerIsRethrownAndThePoolWorksOn() {
        try (WorkerPool pool = new WorkerPool(2, 0)) {
            Thread caller = Thread.currentThread();
            RuntimeException e = assertThrows(RuntimeException.class, () -> pool.forEach(8, t -> {
                if (Thread.currentThread() != caller) {
                    throw new UnsupportedOperationException("worker failed");
                }
                sleep(); // leaves tasks for the worker
            }));
            assertEquals("worker failed", e.getMessage());
            AtomicIntegerArray runs = new AtomicIntegerArray(5);
            pool.forEach(5, runs::incrementAndGet);
            for (int t = 0; t < 5; t++) {
                assertEquals(1, runs.get(t), "task " + t);
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void closeEndsTheWorkerThreads() throws Exception {
        WorkerPool pool = new WorkerPool(4);
        pool.forEach(8, t -> { });
        assertEquals(3, pool.liveWorkers());
        pool.close();
        for (int i = 0; i < 200 && pool.liveWorkers() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, pool.liveWorkers());
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
