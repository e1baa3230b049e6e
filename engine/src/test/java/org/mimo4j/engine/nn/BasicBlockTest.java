package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class BasicBlockTest {

    @Test
    void sameShapeBlockHasAnIdentityShortcut() {
        BasicBlock b = new BasicBlock(4, 4, 1, new Rng(1));
        assertFalse(b.children().containsKey("downsample"));
        assertArrayEquals(new int[] {2, 4, 6, 6}, b.forward(Tensor.randn(new Rng(2), 2, 4, 6, 6)).shape());
    }

    @Test
    void stridedBlockDownsamplesTheShortcut() {
        BasicBlock b = new BasicBlock(4, 8, 2, new Rng(1));
        assertTrue(b.children().containsKey("downsample"));
        assertArrayEquals(new int[] {2, 8, 3, 3}, b.forward(Tensor.randn(new Rng(2), 2, 4, 6, 6)).shape());
    }

    @Test
    void zeroResidualBranchPassesTheInputThroughRelu() {
        BasicBlock b = new BasicBlock(2, 2, 1, new Rng(1));
        java.util.Arrays.fill(b.namedParameters().get("bn2.weight").storage().write(), 0f);
        Tensor x = Tensor.randn(new Rng(3), 2, 2, 4, 4);
        float[] y = b.forward(x).data();
        float[] xd = x.data();
        for (int i = 0; i < y.length; i++) {
            assertEquals(Math.max(0f, xd[i]), y[i], 1e-6, "element " + i);
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Rng rng = new Rng(4);
        BasicBlock b = new BasicBlock(2, 3, 2, rng);
        ModuleGradCheck.check("BasicBlock", b, b::forward, Tensor.randn(rng, 2, 2, 4, 4), rng, 3);
    }
}
