package org.mimo4j.engine.autograd;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackpropTest {

    private static Tensor leaf(float... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    /**
     * Backprop's own host loops (the sum of two paths, accumulating into a leaf's gradient, overwriting a
     * cleared one) run in chunks on the backend's threads: on 2 threads, for a leaf of many chunks, every
     * element is covered exactly once (x * x sends x down both paths: their sum x + x, then twice that).
     */
    @Test
    void largeGradientsGetTheBitsOfOneLoopOnTwoThreads() {
        Backend before = Backends.current();
        try (CpuBackend two = new CpuBackend(2)) {
            Backends.use(two);
            int n = 100_003;
            Tensor x = Tensor.randn(new Rng(5), n).requiresGrad(true);
            float[] xs = x.data(), once = new float[n], twice = new float[n];
            for (int i = 0; i < n; i++) {
                once[i] = xs[i] + xs[i];
                twice[i] = once[i] + once[i];
            }
            Runnable pass = () -> x.mul(x).sum().backward();
            pass.run();
            assertArrayEquals(once, x.grad().data(), "first backward");
            pass.run();
            assertArrayEquals(twice, x.grad().data(), "accumulated");
            x.zeroGrad();
            pass.run();
            assertArrayEquals(once, x.grad().data(), "after zeroGrad");
        } finally {
            Backends.use(before);
        }
    }

    @Test
    void scalarBackwardFillsLeafGradients() {
        Tensor x = leaf(1, -2, 3);
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {2, -4, 6}, x.grad().data());
    }

    @Test
    void aTensorUsedTwiceSumsBothPaths() {
        Tensor x = leaf(2, 3);
        Tensor h = x.exp();
        h.mul(h).add(h).sum().backward();
        float[] g = x.grad().data();
        for (int i = 0; i < 2; i++) {
            double e = Math.exp(x.data()[i]);
            assertEquals(2 * e * e + e, g[i], 1e-3 * (2 * e * e + e));
        }
    }

    @Test
    void gradientsAccumulateUntilZeroGrad() {
        Tensor x = leaf(1, 2);
        x.mul(3f).sum().backward();
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {6, 6}, x.grad().data());
        x.zeroGrad();
        assertArrayEquals(new float[] {0, 0}, x.grad().data());
        x.mul(2f).sum().backward();
        assertArrayEquals(new float[] {2, 2}, x.grad().data());
    }

    @Test
    void backwardWithAnUpstreamGradientOnANonScalar() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).backward(Tensor.of(new float[] {1, 10, 100}, 3));
        assertArrayEquals(new float[] {2, 40, 600}, x.grad().data());
    }

    @Test
    void backwardWithoutGradientNeedsOneElement() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> leaf(1, 2).exp().backward());
        assertTrue(e.getMessage().contains("backward(Tensor)"), e.getMessage());
    }

    @Test
    void upstreamGradientMustMatchTheShape() {
        assertThrows(IllegalArgumentException.class, () -> leaf(1, 2).exp().backward(Tensor.ones(3)));
    }

    @Test
    void aHundredThousandDeepChainDoesNotOverflowTheStack() {
        Tensor x = leaf(0.5f);
        Tensor y = x;
        int depth = 100_001;
        for (int i = 0; i < depth; i++) {
            y = y.neg();
        }
        y.sum().backward();
        assertEquals(-1f, x.grad().item());
    }

    @Test
    void secondBackwardThroughAFreedGraphFailsClearly() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.exp().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already freed") && e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void retainGraphLetsSeveralObjectivesShareOneForward() {
        Tensor x = leaf(1, 2);
        Tensor w = leaf(3, 4);
        Tensor h = x.mul(w);
        Tensor f1 = h.sum();
        Tensor f2 = h.mul(h).sum();
        f1.backward(true);
        assertArrayEquals(new float[] {3, 4}, x.grad().data());
        x.zeroGrad();
        w.zeroGrad();
        f2.backward(true);
        assertArrayEquals(new float[] {2 * 3 * 3, 2 * 8 * 4}, x.grad().data());
        assertArrayEquals(new float[] {2 * 3 * 1, 2 * 8 * 2}, w.grad().data());
        f1.backward();
        assertThrows(IllegalStateException.class, f2::backward);
    }

    @Test
    void aFreedGraphNoLongerReferencesItsInputs() {
        Tensor x = leaf(1, 2);
        Tensor kept = x.exp().sum();
        Tensor freed = x.exp().sum();
        kept.backward(true);
        freed.backward();
        assertEquals(1, kept.gradFn().inputCount());
        assertEquals(0, freed.gradFn().inputCount());
    }

    @Test
    void onlyLeavesReceiveGradients() {
        Tensor x = leaf(1);
        Tensor h = x.exp();
        h.sum().backward();
        assertNull(h.grad());
        assertTrue(x.grad() != null);
    }

    @Test
    void inputsWithoutRequiresGradGetNothing() {
        Tensor x = leaf(1, 2);
        Tensor c = Tensor.of(new float[] {5, 6}, 2);
        x.mul(c).sum().backward();
        assertNull(c.grad());
        assertArrayEquals(new float[] {5, 6}, x.grad().data());
    }

    @Test
    void detachCutsTheGraphButSharesValues() {
        Tensor x = leaf(1, 2);
        Tensor h = x.exp();
        Tensor d = h.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.storage() == h.storage());
        x.mul(d).sum().backward();
        assertArrayEquals(h.data(), x.grad().data());
    }

    @Test
    void backwardOnATensorWithoutGraphFails() {
        Tensor c = Tensor.ones(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.sum().backward());
        assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
    }

    @Test
    void requiresGradCanOnlyBeSetOnLeaves() {
        Tensor h = leaf(1).exp();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.requiresGrad(false));
        assertTrue(e.getMessage().contains("'exp'"), e.getMessage());
    }

    @Test
    void gradientsFlowThroughViews() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        x.transpose(0, 1).slice(0, 1, 3).mul(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)).sum().backward();
        assertArrayEquals(new float[] {0, 1, 3, 0, 2, 4}, x.grad().data());
    }

    /** A leaf used twice, with gradients -0 on both uses at index 0 (0 + -0 + -0 is +0, -0 + -0 is -0) and a subnormal. */
    static Tensor twoUses(Tensor x) {
        Tensor w = Tensor.of(new float[] {-0f, 1e-40f, -3.25f, 0.1f}, 4);
        Tensor v = Tensor.of(new float[] {-0f, 2f, -0f, 7e-3f}, 4);
        return x.mul(w).sum().add(x.exp().mul(v).sum());
    }

    @Test
    void aClearedGradientIsOverwrittenBitForBitAsAddingIntoZerosWould() {
        assertClearedGradientMatchesZerosPlusGradient(BackpropTest::fourLeaf, BackpropTest::twoUses);
    }

    /** A leaf for {@link #twoUses}. */
    static Tensor fourLeaf() {
        return leaf(0.5f, -1f, 2f, 3f);
    }

    /**
     * After a backward and a zeroGrad, a backward writing over the cleared gradient (one pass) leaves the
     * same bits as one adding into zeros that grad() wrote first (the fill and add of old), which differ
     * from the raw gradient where it has a -0; a second backward adds as before.
     */
    static void assertClearedGradientMatchesZerosPlusGradient(java.util.function.Supplier<Tensor> leaf,
                                                             java.util.function.UnaryOperator<Tensor> loss) {
        Tensor lazy = leaf.get();
        Tensor filled = leaf.get();
        for (Tensor x : new Tensor[] {lazy, filled}) {
            loss.apply(x).backward();
            loss.apply(x).backward();
            x.zeroGrad();
        }
        assertArrayEquals(new float[filled.numel()], filled.grad().data(), "grad() writes the zeros when asked first");
        loss.apply(lazy).backward();
        loss.apply(filled).backward();
        assertArrayEquals(bits(filled.grad().data()), bits(lazy.grad().data()));
        loss.apply(lazy).backward();
        loss.apply(filled).backward();
        assertArrayEquals(bits(filled.grad().data()), bits(lazy.grad().data()), "the next backward adds");
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Test
    void zeroGradWithoutABackwardLeavesZerosForTheOptimizer() {
        Tensor x = leaf(1, 2);
        x.mul(3f).sum().backward();
        Tensor before = x.grad();
        x.zeroGrad();
        x.zeroGrad();
        assertTrue(x.hasGrad());
        assertArrayEquals(new float[] {0, 0}, x.grad().data());
        assertTrue(before == x.grad(), "the gradient keeps its tensor and storage");
    }

    @Test
    void topologicalOrderPutsConsumersFirst() {
        Tensor x = leaf(1);
        Tensor a = x.exp();
        Tensor b = a.neg();
        Tensor c = a.add(b);
        java.util.List<Node> order = Backprop.topologicalOrder(c.gradFn());
        assertEquals(3, order.size());
        assertTrue(order.indexOf(c.gradFn()) < order.indexOf(b.gradFn()));
        assertTrue(order.indexOf(b.gradFn()) < order.indexOf(a.gradFn()));
    }
}
