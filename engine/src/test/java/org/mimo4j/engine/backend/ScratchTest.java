package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Scratch}: reuse on one thread, growth, the size cap, and separation between threads. */
class ScratchTest {

    @Test
    void reusesTheBufferForRequestsThatFit() {
        Scratch scratch = new Scratch();
        float[] first = scratch.get(100);
        assertSame(first, scratch.get(100));
        assertSame(first, scratch.get(10));
    }

    @Test
    void growsWhenARequestDoesNotFit() {
        Scratch scratch = new Scratch();
        float[] small = scratch.get(10);
        float[] big = scratch.get(11);
        assertNotSame(small, big);
        assertTrue(big.length >= 11);
        assertSame(big, scratch.get(11));
    }

    @Test
    void doesNotKeepBuffersAboveTheLimit() {
        Scratch scratch = new Scratch();
        float[] kept = scratch.get(16);
        assertNotSame(scratch.get(Scratch.KEEP_LIMIT + 1), scratch.get(Scratch.KEEP_LIMIT + 1));
        assertSame(kept, scratch.get(16));
    }

    @Test
    void eachThreadGetsItsOwnBuffer() throws InterruptedException {
        Scratch scratch = new Scratch();
        float[] mine = scratch.get(8);
        AtomicReference<float[]> theirs = new AtomicReference<>();
        Thread t = new Thread(() -> theirs.set(scratch.get(8)));
        t.start();
        t.join();
        assertNotSame(mine, theirs.get());
    }
}
