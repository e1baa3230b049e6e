package org.mimo4j.bench.probe;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * Runs one kernel on {@code n} platform threads that start together behind a barrier, and times the
 * slowest: the probes report what all threads achieve at once, not one thread's best.
 */
final class ParallelTimer {
    /** A kernel run by thread {@code index}; its result is kept so the work is not eliminated. */
    interface Kernel {
        float run(int index);
    }

    /** Consumed results, so no JIT can prove the kernels dead. */
    static volatile float sink;

    private ParallelTimer() {
    }

    /** Wall-clock nanoseconds from the common start until the last thread finishes. */
    static long run(int n, Kernel kernel) {
        CyclicBarrier start = new CyclicBarrier(n + 1);
        float[] results = new float[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int index = i;
            threads[i] = new Thread(() -> {
                await(start);
                results[index] = kernel.run(index);
            }, "probe-" + i);
            threads[i].start();
        }
        await(start);
        long t0 = System.nanoTime();
        for (Thread t : threads) {
            join(t);
        }
        long elapsed = System.nanoTime() - t0;
        for (float r : results) {
            sink += r;
        }
        return elapsed;
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("probe thread interrupted while starting", e);
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("probe threads failed to start together", e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + t.getName(), e);
        }
    }
}
