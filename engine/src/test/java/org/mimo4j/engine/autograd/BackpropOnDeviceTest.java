package org.mimo4j.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Backprop with a device backend ({@link HostDeviceBackend}): the scalar seed is made on the device,
 * gradients of a tensor with several consumers are summed there and leaf gradients accumulate there,
 * so a backward through device ops moves nothing between host and device, and the gradients equal the
 * host backend's. A cleared leaf gradient takes over a device gradient that nothing else holds.
 */
class BackpropOnDeviceTest {
    private static final int[] LABELS = {2, 0, 1};

    /** Leaves x [3, 4] and w [3, 3] with gradients from a graph where relu(x) and x are each used twice. */
    private static Tensor[] leaves() {
        Rng rng = new Rng(11);
        return new Tensor[] {Tensor.randn(rng, 3, 4).requiresGrad(true), Tensor.randn(rng, 3, 3).requiresGrad(true)};
    }

    /**
     * relu(x) feeds both operands of one linear (two gradients for one node: a pending sum), and the
     * leaf x feeds both operands of another (two accumulations into one leaf).
     */
    private static Tensor loss(Tensor x, Tensor w) {
        Tensor h = x.relu();
        Tensor a = F.linear(F.linear(h, h, null), w, null);
        Tensor b = F.linear(F.linear(x, x, null), w, null);
        return F.crossEntropy(a, LABELS).reshape(1).add(F.crossEntropy(b, LABELS).reshape(1)).reshape();
    }

    private static Tensor deviceLoss(Tensor x, Tensor w) {
        Tensor h = x.relu();
        return F.crossEntropy(F.linear(F.linear(h, h, null), w, null), LABELS);
    }

    @Test
    void sumsAndAccumulationsStayOnTheDeviceAndMatchTheHost() {
        Tensor[] host = leaves();
        deviceLoss(host[0], host[1]).backward();
        Tensor[] dev = leaves();
        try (var d = HostDeviceBackend.install()) {
            Tensor loss = deviceLoss(dev[0], dev[1]);
            d.memory().resetCounts();
            loss.backward();
            assertEquals(0, d.memory().uploads(), "the seed is made on the device and every gradient stays there");
            assertEquals(0, d.memory().downloads());
            for (Tensor t : dev) {
                assertFalse(t.grad().storage().hostCurrent(), "the leaf gradient lives on the device");
            }
            assertClose(host[0].grad().data(), dev[0].grad().data());
            assertClose(host[1].grad().data(), dev[1].grad().data());
        }
    }

    @Test
    void gradientsInFlightGiveTheirDeviceMemoryBackDuringTheBackwardPass() {
        Tensor[] dev = leaves();
        try (var d = HostDeviceBackend.install()) {
            Tensor loss = loss(dev[0], dev[1]);
            int afterForward = d.memory().live();
            loss.backward();
            assertEquals(afterForward + 2, d.memory().live(),
                    "only the two leaf gradients outlive the pass; every gradient in flight was freed");
            Tensor again = loss(dev[0], dev[1]);
            int before = d.memory().live();
            again.backward();
            assertEquals(before, d.memory().live(), "accumulating into existing leaf gradients keeps nothing new");
        }
    }

    @Test
    void aStepScopeFreesEverythingButParametersAndTheirGradients() {
        Tensor[] dev = leaves();
        try (var d = HostDeviceBackend.install()) {
            int[] live = new int[3];
            for (int step = 0; step < 3; step++) {
                try (DeviceScope scope = DeviceScope.open()) {
                    Tensor loss = loss(dev[0], dev[1]);
                    loss.backward();
                    assertTrue(Float.isFinite(loss.item()));
                }
                live[step] = d.memory().live();
            }
            assertEquals(4, live[0], "the two leaves and their two gradients, uploaded or made on the device");
            assertEquals(live[0], live[2], "a steady state: nothing piles up between steps");
            assertTrue(dev[0].grad().storage().mirrorCurrent(), "the gradients stay on the device across steps");
        }
    }

    @Test
    void aGradientLivesAsLongAsItsTensorAcrossAScope() {
        Tensor[] params = leaves();
        try (var d = HostDeviceBackend.install()) {
            Tensor inner;
            try (DeviceScope scope = DeviceScope.open()) {
                inner = Tensor.randn(new Rng(3), 3, 4).requiresGrad(true); // a leaf made inside the step
                loss(inner.add(params[0]), params[1]).backward();
            }
            assertTrue(params[0].grad().storage().mirrorCurrent(), "a parameter's gradient outlives the scope");
            assertTrue(params[1].grad().storage().mirrorCurrent());
            assertTrue(inner.grad().storage().released(), "the inner leaf's gradient went with the scope");
            assertEquals(4, d.memory().live(), "two parameters and their gradients");
        }
    }

    @Test
    void aLeafUsedTwiceAccumulatesOnTheDeviceAcrossBackwards() {
        Tensor[] host = leaves();
        Tensor hl = loss(host[0], host[1]);
        hl.backward(true);
        hl.backward();
        Tensor[] dev = leaves();
        try (var d = HostDeviceBackend.install()) {
            Tensor dl = loss(dev[0], dev[1]);
            dl.backward(true);
            dl.backward();
            assertTrue(dev[0].grad().storage().mirrorCurrent(), "accumulated with axpy on the device");
            assertClose(host[0].grad().data(), dev[0].grad().data());
            assertClose(host[1].grad().data(), dev[1].grad().data());
        }
    }

    @Test
    void reshapePassesTheGradientThroughWithoutTransfers() {
        Rng rng = new Rng(12);
        Tensor x = Tensor.randn(rng, 3, 2, 2).requiresGrad(true);
        Tensor w = Tensor.randn(rng, 3, 4).requiresGrad(true);
        try (var d = HostDeviceBackend.install()) {
            Tensor loss = F.crossEntropy(F.linear(x.relu().reshape(3, 4), w, null), LABELS);
            d.memory().resetCounts();
            loss.backward();
            assertEquals(0, d.memory().uploads() + d.memory().downloads());
            assertFalse(x.grad().storage().hostCurrent());
        }
    }

    @Test
    void zeroGradClearsADeviceGradientWithoutDownloadingIt() {
        Tensor[] dev = leaves();
        try (var d = HostDeviceBackend.install()) {
            deviceLoss(dev[0], dev[1]).backward();
            d.memory().resetCounts();
            dev[0].zeroGrad();
            assertEquals(0, d.memory().downloads());
            assertEquals(0, d.memory().uploads());
            assertFalse(dev[0].grad().storage().hostCurrent(), "cleared on the device");
            assertArrayEquals(new float[12], dev[0].grad().data());
        }
    }

    /**
     * A cleared device gradient takes over the gradient the pass computed when nothing else holds it (x's:
     * a product's fresh gradient): no copy, and the old storage's device memory goes back (it had no host
     * copy, so reading it now fails). The values are those of adding into zeros (a -0 stays -0, so they
     * are equal as numbers, not bit for bit); a second backward adds into the new storage.
     */
    @Test
    void aClearedDeviceGradientTakesOverTheGradientThePassMade() {
        try (var d = HostDeviceBackend.install()) {
            Tensor lazy = BackpropTest.fourLeaf(), filled = BackpropTest.fourLeaf();
            Tensor c = Tensor.of(new float[] {-0f, 2f, -0f, 7e-3f}, 4); // goes up once, in the first pass
            for (Tensor x : new Tensor[] {lazy, filled}) {
                onceUsed(x, c).backward();
            }
            Storage before = lazy.grad().storage(); // taken before zeroGrad: grad() would write the zeros
            lazy.zeroGrad();
            filled.zeroGrad();
            assertArrayEquals(new float[4], filled.grad().data(), "grad() writes the zeros when asked first");
            d.memory().resetCounts();
            onceUsed(lazy, c).backward();
            assertEquals(0, d.memory().uploads() + d.memory().downloads(), "taken over where it lives");
            assertNotSame(before, lazy.grad().storage());
            assertNull(before.mirror(), "the old gradient's device memory went back");
            assertTrue(before.released());
            onceUsed(filled, c).backward();
            assertEqualValues(filled.grad().data(), lazy.grad().data());
            onceUsed(lazy, c).backward();
            onceUsed(filled, c).backward();
            assertEqualValues(filled.grad().data(), lazy.grad().data());
        }
    }

    /**
     * A gradient that a node passes on (an add's left operand gets the add's own output gradient, which
     * the pending map holds) is copied into the cleared storage, which the leaf keeps; the right operand's
     * fresh copy is taken over. Both equal the host backend's.
     */
    @Test
    void aGradientANodePassesOnIsCopiedAndAFreshOneTakenOver() {
        Tensor hx = BackpropTest.fourLeaf(), hy = BackpropTest.fourLeaf();
        added(hx, hy).backward();
        try (var d = HostDeviceBackend.install()) {
            Tensor x = BackpropTest.fourLeaf(), y = BackpropTest.fourLeaf();
            added(x, y).backward();
            Storage keptX = x.grad().storage(), keptY = y.grad().storage();
            x.zeroGrad();
            y.zeroGrad();
            added(x, y).backward();
            assertSame(keptX, x.grad().storage(), "passed on by the add: copied into the cleared storage");
            assertNotSame(keptY, y.grad().storage(), "the add's fresh copy: taken over");
            assertNotSame(x.grad().storage(), y.grad().storage());
            assertEqualValues(hx.grad().data(), x.grad().data());
            assertEqualValues(hy.grad().data(), y.grad().data());
        }
    }

    /** x used once, through a product with c: its gradient is that node's fresh storage. */
    private static Tensor onceUsed(Tensor x, Tensor c) {
        return x.mul(c).exp().sum();
    }

    private static Tensor added(Tensor x, Tensor y) {
        return x.add(y).mul(Tensor.of(new float[] {1f, -2f, 3f, 0.5f}, 4)).sum();
    }

    /** Equal as numbers (-0 == +0), element by element. */
    private static void assertEqualValues(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(expected[i] == actual[i], "index " + i + ": " + expected[i] + " against " + actual[i]);
        }
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), "index " + i);
        }
    }
}
