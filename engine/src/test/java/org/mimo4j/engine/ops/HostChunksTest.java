package org.mimo4j.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The host loops that run in chunks on the backend's threads (relu, max-pool, the conv bias gradient):
 * every index exactly once, and the same bits for any thread count, on sizes well above the grain.
 */
class HostChunksTest {

    @Test
    void everyIndexIsVisitedOnceWhateverTheThreads() {
        for (int threads : new int[] {1, 3}) {
            AtomicIntegerArray visits = new AtomicIntegerArray(100_003);
            withBackend(threads, () -> HostChunks.forEach(visits.length(), 1000, (from, to) -> {
                for (int i = from; i < to; i++) {
                    visits.incrementAndGet(i);
                }
            }));
            for (int i = 0; i < visits.length(); i++) {
                assertEquals(1, visits.get(i), threads + " threads, index " + i);
            }
        }
    }

    @Test
    void convReluPoolStepGivesTheSameBitsForAnyThreadCount() {
        float[][] first = null;
        for (int threads : new int[] {1, 2, 3, 5}) {
            float[][] got = withBackend(threads, HostChunksTest::convReluPoolStep);
            if (first == null) {
                first = got;
                continue;
            }
            String[] names = {"output", "grad input", "grad weight", "grad bias"};
            for (int i = 0; i < names.length; i++) {
                assertArrayEquals(first[i], got[i], names[i] + ", " + threads + " threads");
            }
        }
    }

    @Test
    void chunkedReluMatchesItsDefinition() {
        Rng rng = new Rng(5);
        Tensor x = Tensor.randn(rng, 3, 50_001);
        float[] y = withBackend(3, () -> x.relu().data());
        float[] xs = x.data();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Math.max(xs[i], 0f), y[i], "element " + i);
        }
    }

    /** conv 3 -> 8 (3x3, pad 1), relu, 2x2 max-pool on a batch of 20 of 30x30 (4 chunks of each loop), backward of a weighted sum. */
    private static float[][] convReluPoolStep() {
        Rng rng = new Rng(77);
        Tensor x = Tensor.randn(rng, 20, 3, 30, 30).requiresGrad(true);
        Tensor w = Tensor.randn(rng, 8, 3, 3, 3).requiresGrad(true);
        Tensor b = Tensor.randn(rng, 8).requiresGrad(true);
        Tensor y = F.maxPool2d(F.conv2d(x, w, b, 1, 1, 1, 1).relu(), 2, 2, 0);
        Tensor weights = Tensor.randn(rng, y.shape());
        y.mul(weights).sum().backward();
        return new float[][] {y.data(), x.grad().data(), w.grad().data(), b.grad().data()};
    }

    private static <T> T withBackend(int threads, java.util.function.Supplier<T> body) {
        Backend before = Backends.current();
        try (CpuBackend cpu = new CpuBackend(threads)) {
            Backends.use(cpu);
            return body.get();
        } finally {
            Backends.use(before);
        }
    }

    private static void withBackend(int threads, Runnable body) {
        withBackend(threads, () -> {
            body.run();
            return null;
        });
    }
}
