package org.mimo4j.mimo.moo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The threads that run the O(K·d) and O(K²·d) passes of the methods. Work is cut into chunks whose
 * boundaries depend only on the data sizes (never on the thread count), each chunk writes its own
 * partial result, and partials are reduced in chunk order: the result is the same for any number of
 * threads.
 */
public final class Workers {
    private static final Workers SHARED = new Workers(Runtime.getRuntime().availableProcessors());

    private final int threads;
    private final ForkJoinPool pool;

    /** A pool of {@code threads} daemon worker threads (1 runs everything on the caller). */
    public Workers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    /** One pool per JVM with one thread per available processor. */
    public static Workers shared() {
        return SHARED;
    }

    /** Number of threads. */
    public int threads() {
        return threads;
    }

    /** Runs {@code body.accept(t)} for every t in [0, tasks), tasks handed out dynamically. */
    void run(int tasks, IntConsumer body) {
        if (pool == null || tasks <= 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int n = Math.min(threads, tasks);
        List<Callable<Void>> jobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            jobs.add(() -> {
                try {
                    for (int t = next.getAndIncrement(); t < tasks && failure.get() == null; t = next.getAndIncrement()) {
                        body.accept(t);
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
                return null;
            });
        }
        pool.invokeAll(jobs);
        // rethrown on the caller as the task threw it, not wrapped by the pool
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error er) {
            throw er;
        }
    }
}
