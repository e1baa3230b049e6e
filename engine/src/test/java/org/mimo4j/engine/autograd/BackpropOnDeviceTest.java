package org.mimo4j.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Backprop with a device backend ({@link HostDeviceBackend}): the scalar seed is made on the device,
 * gradients of a tensor with several consumers are summed there and leaf gradients accumulate there,
 * so a backward through device ops moves nothing between host and device, and the gradients equal the
 * host backend's.
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

    @Test
    void aClearedDeviceGradientIsOverwrittenOnTheDeviceBitForBitAsAddingIntoZerosWould() {
        try (var d = HostDeviceBackend.install()) {
            BackpropTest.assertClearedGradientMatchesZerosPlusGradient(BackpropTest::fourLeaf, BackpropTest::twoUses);
            Tensor x = BackpropTest.fourLeaf();
            BackpropTest.twoUses(x).backward();
            x.zeroGrad();
            Tensor again = BackpropTest.twoUses(x);
            d.memory().resetCounts();
            again.backward();
            assertEquals(0, d.memory().uploads() + d.memory().downloads(), "overwritten where it lives");
            assertFalse(x.grad().storage().hostCurrent());
        }
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), "index " + i);
        }
    }
}
