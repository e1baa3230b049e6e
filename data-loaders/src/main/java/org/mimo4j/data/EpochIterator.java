package org.mimo4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The batches of one epoch in order, built either on the caller's thread or, with prefetch, by one
 * daemon thread that stays at most {@code prefetch} batches ahead. Close it when leaving an epoch
 * early so the prefetch thread stops.
 */
public final class EpochIterator implements Iterator<Batch>, AutoCloseable {
    private final DataLoader loader;
    private final int[] order;
    private final int end;
    private final BlockingQueue<Object> queue;
    private final Thread worker;
    private int position;

    EpochIterator(DataLoader loader, int[] order, int start, int prefetch) {
        this.loader = loader;
        this.order = order;
        this.end = loader.batchesPerEpoch();
        this.position = start;
        if (prefetch == 0) {
            this.queue = null;
            this.worker = null;
        } else {
            this.queue = new ArrayBlockingQueue<>(prefetch);
            this.worker = new Thread(() -> produce(start), "mimo4j-prefetch");
            worker.setDaemon(true);
            worker.start();
        }
    }

    /** Index of the batch that {@link #next()} returns next: the resume point after an interruption. */
    public int position() {
        return position;
    }

    private void produce(int start) {
        try {
            for (int p = start; p < end; p++) {
                Object item;
                try {
                    item = loader.batch(order, p);
                } catch (RuntimeException e) {
                    item = e;
                }
                queue.put(item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean hasNext() {
        return position < end;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch has " + end + " batches; all were returned");
        }
        Batch b = worker == null ? loader.batch(order, position) : take();
        position++;
        return b;
    }

    private Batch take() {
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for prefetched batch " + position, e);
        }
        if (item instanceof RuntimeException e) {
            throw new IllegalStateException("building batch " + position + " failed on the prefetch thread", e);
        }
        return (Batch) item;
    }

    /** Stops the prefetch thread, if any. */
    @Override
    public void close() {
        if (worker != null) {
            worker.interrupt();
        }
    }
}
