package org.mimo4j.engine.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GradientArraysTest {

    /** The small CNN's ops and a few more (add, mul, matmul, exp), with their host backward on this thread. */
    private static float[][] gradients(long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.randn(rng, 4, 2, 8, 8);
        Tensor w1 = Tensor.randn(rng, 3, 2, 3, 3).mul(0.2f).detach().requiresGrad(true);
        Tensor b1 = Tensor.randn(rng, 3).requiresGrad(true);
        Tensor w2 = Tensor.randn(rng, 5, 48).mul(0.2f).detach().requiresGrad(true);
        Tensor h = F.maxPool2d(F.conv2d(x, w1, b1, 1, 1, 1, 1).relu(), 2, 2, 0).reshape(4, 48);
        Tensor logits = F.linear(h.add(h.mul(h).mul(0.1f).exp().mul(0.1f)), w2, null);
        Tensor extra = h.matmul(w2.reshape(48, 5)).sum();
        F.crossEntropy(logits, new int[] {0, 3, 1, 4}).add(extra.mul(0.01f)).backward();
        return new float[][] {w1.grad().data(), b1.grad().data(), w2.grad().data()};
    }

    @Test
    void gradientsDoNotDependOnWhatThePoolHolds() throws Exception {
        ExecutorService warm = Executors.newSingleThreadExecutor();
        try {
            for (long seed = 1; seed <= 6; seed++) {
                long s = seed;
                float[][] recycled = warm.submit(() -> gradients(s)).get(); // this thread's pool fills up
                float[][] fresh = onNewThread(() -> gradients(s));          // an empty pool
                for (int i = 0; i < fresh.length; i++) {
                    assertAllFinite(fresh[i]);
                    assertArrayEquals(fresh[i], recycled[i], "seed " + seed + ", gradient " + i);
                }
            }
            assertTrue(warm.submit(GradientArrays::pooledFloats).get() > 0, "the warm thread recycled nothing");
        } finally {
            warm.shutdown();
        }
    }

    @Test
    void aRecycledArrayIsPoisonedWhenAssertionsAreOn() throws Exception {
        assumeTrue(GradientArrays.class.desiredAssertionStatus(), "assertions are off");
        float[] taken = onNewThread(() -> {
            gradients(7);
            Tensor x = Tensor.randn(new Rng(1), 4, 3, 8, 8).requiresGrad(true);
            x.relu().sum().backward(); // relu's gradient (768 floats) came from the pool if the first pass left one
            return GradientArrays.take(4 * 3 * 8 * 8);
        });
        assertTrue(Float.isNaN(taken[0]) && Float.isNaN(taken[taken.length - 1]), "not a recycled array");
    }

    @Test
    void theSeedAndEarlierLeafGradientsAreNeverReused() throws Exception {
        onNewThread(() -> {
            Tensor x = Tensor.randn(new Rng(3), 2, 6).requiresGrad(true);
            Tensor seed = Tensor.randn(new Rng(4), 2, 6);
            float[] seedBefore = seed.data().clone();
            x.exp().relu().backward(seed);
            Tensor kept = x.grad();
            float[] keptBefore = kept.data().clone();
            for (int i = 0; i < 5; i++) {
                Tensor y = Tensor.randn(new Rng(10 + i), 2, 6).requiresGrad(true);
                y.mul(y).relu().exp().sum().backward();
            }
            assertArrayEquals(seedBefore, seed.data(), "the caller's seed changed");
            assertArrayEquals(keptBefore, kept.data(), "a leaf gradient of an earlier pass changed");
            return null;
        });
    }

    @Test
    void anArrayUnderTwoGradientsIsRecycledOnlyAfterBoth() throws Exception {
        float[] got = onNewThread(() -> {
            gradients(9); // fill the pool
            Tensor x = Tensor.randn(new Rng(5), 3, 4).requiresGrad(true);
            Tensor a = x.exp().neg();
            Tensor b = x.mul(3f);
            Fork.apply(a, b).relu().sum().backward();
            return x.grad().data();
        });
        float[] x = Tensor.randn(new Rng(5), 3, 4).data();
        float[] xs = Tensor.randn(new Rng(5), 3, 4).exp().neg().add(Tensor.randn(new Rng(5), 3, 4).mul(3f)).data();
        for (int i = 0; i < x.length; i++) {
            float upstream = xs[i] > 0 ? 1f : 0f;
            assertEquals(upstream * (3f - (float) Math.exp(x[i])), got[i], 1e-5f * (1 + Math.abs(got[i])), "element " + i);
        }
    }

    @Test
    void onePoolKeepsAtMostItsBound() throws Exception {
        long kept = onNewThread(() -> {
            java.util.Set<float[]> outer = GradientArrays.openPass();
            int n = 1 << 20;
            List<float[]> arrays = new ArrayList<>();
            for (long i = 0; i < GradientArrays.MAX_POOLED_FLOATS / n + 3; i++) {
                arrays.add(GradientArrays.take(n));
            }
            arrays.forEach(GradientArrays::recycle);
            GradientArrays.closePass(outer);
            return GradientArrays.pooledFloats();
        });
        assertEquals(GradientArrays.MAX_POOLED_FLOATS, kept);
    }

    private static void assertAllFinite(float[] g) {
        for (float v : g) {
            assertTrue(Float.isFinite(v), "a non-finite gradient: the test graph itself must stay finite");
        }
    }

    private static <T> T onNewThread(java.util.concurrent.Callable<T> work) throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            Future<T> f = one.submit(work);
            return f.get();
        } finally {
            one.shutdown();
        }
    }

    /** a + b whose host backward hands one array to both inputs, as a pass-through op may. */
    private static final class Fork extends Node {
        private Fork(Tensor a, Tensor b) {
            super(a, b);
        }

        static Tensor apply(Tensor a, Tensor b) {
            return Tensor.fromOp(a.add(b).detach().data(), a.shape(), new Fork(a, b));
        }

        @Override
        public String name() {
            return "fork";
        }

        @Override
        protected float[][] backward(float[] gy) {
            return new float[][] {gy, gy};
        }
    }
}
