package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.tensor.Rng;

/** The device buffer pool: size classes, the pooled-bytes limit, and no leak over thousands of calls. */
class ClBufferPoolTest {

    @Test
    void sizeClassesArePowersOfTwoFrom1024() {
        assertEquals(1024, ClBufferPool.sizeClass(1));
        assertEquals(1024, ClBufferPool.sizeClass(1024));
        assertEquals(2048, ClBufferPool.sizeClass(1025));
        assertEquals(1L << 20, ClBufferPool.sizeClass((1L << 19) + 3));
    }

    /** On a backend of its own: the shared ones also hold the resident storages of other tests. */
    @Test
    void thousandsOfBackendCallsLeakNoBuffersAndStopAllocating() throws Exception {
        try (ClBackend cl = OpenClTests.fresh()) {
            thousandsOfCalls(cl);
        }
    }

    private static void thousandsOfCalls(ClBackend cl) {
        Rng rng = new Rng(41);
        float[] a = Parity.random(rng, 40 * 40), b = Parity.random(rng, 40 * 40), c = new float[40 * 40];
        Conv2dShape cs = Conv2dShape.of(2, 2, 6, 6, 3, 3, 1, 1, 1, 1);
        float[] x = Parity.random(rng, cs.inputSize()), w = Parity.random(rng, cs.weightSize());
        float[] y = new float[cs.outputSize()], dx = new float[cs.inputSize()], dw = new float[cs.weightSize()];
        AttentionShape as = new AttentionShape(2, 5, 6, 4, 3);
        float[] q = Parity.random(rng, 40), k = Parity.random(rng, 48), v = Parity.random(rng, 36);
        float[] out = new float[30], probs = new float[60], dq = new float[40], dk = new float[48], dv = new float[36];
        Runnable step = () -> {
            for (int m = 1; m <= 40; m += 13) {
                cl.sgemm(false, true, m, 40, 40, 1f, a, 0, 40, 0, b, 0, 40, 0, 0f, c, 0, 40, 0, 1);
            }
            cl.conv2dForward(cs, x, w, null, y);
            cl.conv2dBackwardData(cs, y, w, dx);
            cl.conv2dBackwardWeight(cs, x, y, dw);
            cl.attentionForward(as, q, k, v, null, 0.5f, out, probs);
            cl.attentionBackward(as, q, k, v, probs, out, 0.5f, dq, dk, dv);
        };
        step.run();
        long warm = cl.pool().created();
        for (int i = 0; i < 200; i++) {
            step.run();
        }
        assertEquals(0, cl.pool().live(), "buffers still checked out after 1800 calls");
        assertEquals(warm, cl.pool().created(), "a steady loop must reuse its buffers, not create new ones");
    }

    @Test
    void freeBuffersBeyondTheLimitAreReleasedNotPooled() throws Exception {
        OpenClTests.requireOpenCl();
        try (ClRuntime rt = ClRuntime.open(); ClBufferPool pool = new ClBufferPool(rt.context(), 3 * 4096)) {
            ClBuffer[] held = new ClBuffer[5];
            for (int i = 0; i < held.length; i++) {
                held[i] = pool.acquire(1000);
            }
            for (ClBuffer h : held) {
                pool.release(h);
            }
            assertEquals(3 * 4096, pool.pooledBytes());
            assertEquals(0, pool.live());
            ClBuffer again = pool.acquire(900);
            assertSame(held[2], again, "the most recently pooled buffer of the class is reused first");
            assertTrue(pool.created() == 5);
            pool.release(again);
        }
    }
}
