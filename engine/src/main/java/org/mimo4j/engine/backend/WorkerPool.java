package org.mimo4j.engine.backend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The worker threads a {@link CpuBackend} owns. {@link #forEach} runs numbered tasks; the threads
 * claim them one at a time, so a thread the OS descheduled does not hold the others up. The kernels
 * cut their work into tasks by problem size only and make each task's result independent of the
 * thread that runs it, so results do not depend on the thread count or on scheduling.
 *
 * <p>Why the threads spin: a training step is a chain of parallel regions of 20-200 us each, and a parked
 * thread takes 10-30 us to wake on the virtual machines we measure on. With a thread pool that parks at
 * once, a region of two 10 us tasks took 28-35 us (median over 2,000 regions, 2-core VM): the second
 * thread joined late and the caller waited for another wake-up at the end. Here an idle worker, and a
 * caller waiting for its workers, spin for {@link #DEFAULT_SPIN_NANOS} before parking, as OpenMP runtimes
 * do; the same regions take 12-25 us. The spin yields the core on every turn: a variant with
 * {@link Thread#onSpinWait} took 230 us per region on a machine busy with other processes, because the
 * spinning caller kept its worker off the cores.
 */
final class WorkerPool implements AutoCloseable {
    /** Marks threads already inside a parallel region: nested regions run inline instead of deadlocking. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** Spin before parking: {@code -Dmimo4j.cpu.spinMicros} (default 100; 0 parks at once). */
    static final long DEFAULT_SPIN_NANOS = Long.getLong("mimo4j.cpu.spinMicros", 100) * 1_000;

    private final int threads;
    private final long spinNanos;
    private final Worker[] workers;
    /** One region at a time; a forEach from a second thread meanwhile runs inline on that thread. */
    private final ReentrantLock regionLock = new ReentrantLock();
    private volatile boolean closed;

    WorkerPool(int threads) {
        this(threads, DEFAULT_SPIN_NANOS);
    }

    WorkerPool(int threads, long spinNanos) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
        this.spinNanos = spinNanos;
        this.workers = new Worker[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker("mimo4j-cpu-" + (w + 1));
            workers[w].start();
        }
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
        if (tasks <= 1 || threads == 1 || INSIDE.get() || !regionLock.tryLock()) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        try {
            Region region = new Region(body, tasks, Math.min(threads, tasks) - 1);
            for (int w = 0; w < region.helpers; w++) {
                workers[w].hand(region);
            }
            INSIDE.set(Boolean.TRUE);
            try {
                region.drain();
            } finally {
                INSIDE.set(Boolean.FALSE);
            }
            region.awaitHelpers(spinNanos);
            rethrow(region.failure.get());
        } finally {
            regionLock.unlock();
        }
    }

    /** Worker threads still running (for tests: close ends them). */
    int liveWorkers() {
        int live = 0;
        for (Worker w : workers) {
            live += w.isAlive() ? 1 : 0;
        }
        return live;
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
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** One forEach: its tasks, the claim counter, the helpers still draining and the first failure. */
    private static final class Region {
        final IntConsumer body;
        final int tasks;
        final int helpers;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger running;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread caller = Thread.currentThread();
        volatile boolean callerParked;

        Region(IntConsumer body, int tasks, int helpers) {
            this.body = body;
            this.tasks = tasks;
            this.helpers = helpers;
            this.running = new AtomicInteger(helpers);
        }

        /** Claims and runs tasks until none are left; a failure stops this thread's share and is kept. */
        void drain() {
            try {
                for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                    body.accept(t);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }

        /** A helper's share, then the signal that wakes the caller if it parked. */
        void drainAsHelper() {
            drain();
            if (running.decrementAndGet() == 0 && callerParked) {
                LockSupport.unpark(caller);
            }
        }

        /**
         * Returns when every helper is done. The workers write into the caller's arrays, so an interrupt
         * does not cut the wait short (its flag stays set for the caller).
         */
        void awaitHelpers(long spinNanos) {
            long deadline = System.nanoTime() + spinNanos;
            while (running.get() != 0) {
                if (System.nanoTime() < deadline) {
                    Thread.yield(); // the worker may be waiting for this core
                    continue;
                }
                callerParked = true;
                if (running.get() != 0) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
        }
    }

    /** Waits for regions handed to it, spinning first, and runs its share of each. */
    private final class Worker extends Thread {
        private volatile Region slot;
        private volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void hand(Region region) {
            slot = region;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            INSIDE.set(Boolean.TRUE);
            for (Region region = next(); region != null; region = next()) {
                slot = null; // before the region ends, so the caller's next hand is never overwritten
                region.drainAsHelper();
            }
        }

        /** The next region handed over, or null once the pool is closed. */
        private Region next() {
            long deadline = System.nanoTime() + spinNanos;
            Region region;
            while ((region = slot) == null) {
                if (closed) {
                    return null;
                }
                if (System.nanoTime() < deadline) {
                    Thread.yield(); // leaves the core to any other runnable thread
                    continue;
                }
                parked = true;
                if (slot == null && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
            }
            return region;
        }
    }
}
