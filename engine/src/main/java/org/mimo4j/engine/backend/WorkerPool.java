package org.mimo4j.engine.backend;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The worker threads a {@link CpuBackend} owns. {@link #forEach} runs numbered tasks; the threads
 * claim them one at a time, so a thread the OS descheduled does not hold the others up. The kernels
 * cut their work into tasks by problem size only and make each task's result independent of the
 * thread that runs it, so results do not depend on the thread count or on scheduling.
 */
final class WorkerPool implements AutoCloseable {
    /** Marks threads already inside a parallel region: nested regions run inline instead of deadlocking. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final int threads;
    private final ExecutorService executor;
    private volatile boolean closed;

    WorkerPool(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
        AtomicInteger count = new AtomicInteger();
        this.executor = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "mimo4j-cpu-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /**
     * The threads a {@link #forEach} called from here would use: 1 inside a parallel region (nested
     * regions run inline), else {@link #threads()}. Lets a kernel skip splitting work for threads it
     * will not get.
     */
    int threadsHere() {
        return INSIDE.get() ? 1 : threads;
    }

    /** Fails when the pool was closed: kernels call this first so a closed backend refuses all work. */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the CPU backend was closed; create a new one");
        }
    }

    /** Runs {@code body} for every task in [0, tasks); returns when all are done, rethrowing a failure. */
    void forEach(int tasks, IntConsumer body) {
        ensureOpen();
        if (tasks <= 1 || threads == 1 || INSIDE.get()) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        int workers = Math.min(threads, tasks);
        AtomicInteger next = new AtomicInteger();
        Future<?>[] futures = new Future<?>[workers - 1];
        for (int w = 1; w < workers; w++) {
            futures[w - 1] = executor.submit(() -> drain(next, tasks, body));
        }
        Throwable failure = null;
        try {
            drain(next, tasks, body);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            failure = await(f, failure);
        }
        rethrow(failure);
    }

    private static void drain(AtomicInteger next, int tasks, IntConsumer body) {
        INSIDE.set(Boolean.TRUE);
        try {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                body.accept(t);
            }
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
    }

    private static Throwable await(Future<?> f, Throwable failure) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
                break;
            } catch (InterruptedException e) {
                // The workers still write into the caller's arrays: wait for them, then restore the flag.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return failure;
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("a CPU kernel task failed", failure);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (executor != null) {
            executor.shutdown();
        }
    }
}
