package org.mimo4j.engine.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTest {

    private static Tensor range(int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = i + 1;
        }
        return Tensor.of(d, shape);
    }

    @Test
    void ofWrapsTheArrayWithoutCopying() {
        float[] d = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(d, 2, 3);
        assertSame(d, t.data());
        d[4] = 50;
        assertEquals(50f, t.get(1, 1));
    }

    @Test
    void ofRejectsAnArrayOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2,3] needs 6 values"), e.getMessage());
    }

    @Test
    void factoriesFillAsDocumented() {
        assertArrayEquals(new float[] {0, 0}, Tensor.zeros(2).data());
        assertArrayEquals(new float[] {1, 1, 1}, Tensor.ones(3).data());
        assertEquals(0, Tensor.scalar(7f).dim());
        assertEquals(7f, Tensor.scalar(7f).item());
    }

    @Test
    void randomFactoriesAreDeterministicPerSeed() {
        assertArrayEquals(Tensor.randn(new Rng(5), 4, 3).data(), Tensor.randn(new Rng(5), 4, 3).data());
        float[] u = Tensor.rand(new Rng(6), 1000).data();
        for (float v : u) {
            assertTrue(v >= 0 && v < 1);
        }
        double mean = Tensor.randn(new Rng(7), 10000).mean().item();
        assertEquals(0, mean, 0.05);
    }

    @Test
    void transposeIsAViewOverTheSameStorage() {
        Tensor t = range(2, 3);
        Tensor tr = t.transpose(0, 1);
        assertSame(t.storage(), tr.storage());
        assertArrayEquals(new int[] {3, 2}, tr.shape());
        assertFalse(tr.isContiguous());
        assertEquals(t.get(1, 2), tr.get(2, 1));
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, tr.data());
    }

    @Test
    void sliceSharesStorageAndSeesWrites() {
        Tensor t = range(4, 2);
        Tensor s = t.slice(0, 1, 3);
        assertSame(t.storage(), s.storage());
        assertArrayEquals(new float[] {3, 4, 5, 6}, s.data());
        t.storage().write()[2] = -1;
        assertEquals(-1f, s.get(0, 0));
    }

    @Test
    void reshapeOfContiguousIsAViewAndOfStridedIsACopy() {
        Tensor t = range(2, 3);
        assertSame(t.storage(), t.reshape(3, 2).storage());
        assertArrayEquals(new int[] {6}, t.reshape(-1).shape());
        Tensor copied = t.transpose(0, 1).reshape(6);
        assertNotSame(t.storage(), copied.storage());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, copied.data());
    }

    @Test
    void reshapeToAnIncompatibleShapeNamesBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).reshape(4, 2));
        assertEquals("reshape: cannot view [2,3] (6 elements) as [4,2]", e.getMessage());
    }

    @Test
    void expandUsesZeroStridesAndContiguousMaterialises() {
        Tensor t = range(3, 1);
        Tensor e = t.expand(2, 3, 4);
        assertSame(t.storage(), e.storage());
        assertArrayEquals(new int[] {0, 1, 0}, e.strides());
        Tensor c = e.contiguous();
        assertTrue(c.isContiguous());
        assertEquals(24, c.data().length);
        assertEquals(3f, c.get(1, 2, 3));
    }

    @Test
    void aViewReachingOutsideTheStorageIsRejected() {
        Tensor t = range(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.view(t, 2, new int[] {2, 3}, new int[] {3, 1}, null));
        assertTrue(e.getMessage().contains("reach elements [2, 7] outside a storage of 6"), e.getMessage());
    }

    @Test
    void permuteReordersAxes() {
        Tensor t = range(2, 3, 4);
        Tensor p = t.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertEquals(t.get(1, 2, 3), p.get(3, 1, 2));
    }

    @Test
    void broadcastingFollowsNumpyRules() {
        Tensor a = range(2, 1, 3);
        Tensor b = range(4, 1);
        Tensor c = a.add(b);
        assertArrayEquals(new int[] {2, 4, 3}, c.shape());
        assertEquals(a.get(1, 0, 2) + b.get(3, 0), c.get(1, 3, 2));
    }

    @Test
    void broadcastingIncompatibleShapesNamesTheOpAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).mul(range(4)));
        assertTrue(e.getMessage().startsWith("mul: cannot broadcast [2,3] with [4]"), e.getMessage());
    }

    @Test
    void itemRequiresOneElement() {
        assertThrows(IllegalStateException.class, () -> range(2).item());
        assertEquals(3f, range(3).slice(0, 2, 3).item());
    }

    @Test
    void getChecksTheIndex() {
        assertThrows(IndexOutOfBoundsException.class, () -> range(2, 3).get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> range(2, 3).get(1));
    }

    @Test
    void toStringShowsShapeAndValues() {
        assertEquals("Tensor[2,2] [[1.0, 2.0], [3.0, 4.0]]", range(2, 2).toString());
        assertEquals("Tensor[] 7.0", Tensor.scalar(7f).toString());
    }

    @Test
    void toStringElidesTheMiddleOfLongAxes() {
        String s = range(1000).toString();
        assertEquals("Tensor[1000] [1.0, 2.0, 3.0, ..., 998.0, 999.0, 1000.0]", s);
    }

    @Test
    void toStringMentionsTheGradientState() {
        Tensor x = range(2).requiresGrad(true);
        assertTrue(x.toString().contains("requiresGrad"));
        assertTrue(x.exp().toString().contains("grad_fn=exp"));
    }
}
