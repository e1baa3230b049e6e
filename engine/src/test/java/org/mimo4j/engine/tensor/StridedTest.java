package org.mimo4j.engine.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StridedTest {

    @Test
    void offsetsWalkAStridedViewInRowMajorOrder() {
        assertArrayEquals(new int[] {1, 4, 2, 5}, Strided.offsets(new int[] {2, 2}, new int[] {1, 3}, 1));
    }

    @Test
    void broadcastToRepeatsSizeOneAxes() {
        float[] d = {1, 2};
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, Strided.broadcastTo(d, new int[] {2, 1}, new int[] {2, 3}));
        assertSame(d, Strided.broadcastTo(d, new int[] {2}, new int[] {2}));
    }

    @Test
    void sumToIsTheAdjointOfBroadcast() {
        float[] g = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new float[] {6, 15}, Strided.sumTo(g, new int[] {2, 3}, new int[] {2, 1}));
        assertArrayEquals(new float[] {5, 7, 9}, Strided.sumTo(g, new int[] {2, 3}, new int[] {3}));
        assertArrayEquals(new float[] {21}, Strided.sumTo(g, new int[] {2, 3}, new int[0]));
        assertArrayEquals(new float[3], Strided.sumTo(new float[0], new int[] {0, 3}, new int[] {3}), "no terms: zeros");
        assertArrayEquals(new float[2], Strided.sumTo(new float[0], new int[] {2, 0}, new int[] {2, 1}));
    }

    @Test
    void longSumsIntoFewOutputsAreSplitIntoPartsByTheCountsAlone() {
        assertEquals(1, Strided.sumParts(0, 1 << 20), "no outputs: nothing to split");
        assertEquals(1, Strided.sumParts(1, 4095), "under 4096 terms: one part");
        assertEquals(2, Strided.sumParts(1, 4096));
        assertEquals(1, Strided.sumParts(256, 1 << 20), "256 outputs keep a device busy");
        assertEquals(512, Strided.sumParts(1, 1 << 20), "parts of 2048 terms at the least");
        assertEquals(1024, Strided.sumParts(1, 1 << 24), "about 1024 parts over all outputs");
        assertEquals(4, Strided.sumParts(255, 1 << 20));
        assertEquals(32, Strided.sumParts(1, 70001), "34 parts of 2048 terms, in whole groups of 16");
        for (long outputs = 1; outputs < 300; outputs += 7) {
            for (long terms = 1; terms < 1 << 22; terms = terms * 3 + 1) {
                int parts = Strided.sumParts(outputs, terms);
                assertTrue(parts == 1 || (parts * outputs <= 1024 && terms / parts >= 2048),
                        outputs + " outputs of " + terms + " terms: " + parts + " parts");
                assertTrue(parts < 16 || parts % 16 == 0, parts + " parts: whole groups of 16 from 16 on");
            }
        }
    }

    /**
     * Part p of an output adds its terms p, p + parts, ... from zero, and the output is zero plus its parts in
     * order: the definition the device kernels repeat bit for bit, checked here on the host loop, with the terms
     * of each output contiguous in g and then strided through it.
     */
    @Test
    void aSumInPartsAddsEachPartsTermsInOrderThenThePartsInOrder() {
        Rng rng = new Rng(5);
        int terms = 9001, outputs = 3;
        float[] g = new float[terms * outputs];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextFloat() * 2 - 1 + (i % 7 == 0 ? 100 : 0);
        }
        int parts = Strided.sumParts(outputs, terms);
        assertTrue(parts > 1);
        float[] byRows = Strided.sumTo(g, new int[] {outputs, terms}, new int[] {outputs, 1});
        float[] byColumns = Strided.sumTo(g, new int[] {terms, outputs}, new int[] {outputs});
        for (int o = 0; o < outputs; o++) {
            final int out = o;
            assertEquals(inParts(terms, parts, r -> g[out * terms + r]), byRows[o], 0f, "output " + o + " of rows");
            assertEquals(inParts(terms, parts, r -> g[r * outputs + out]), byColumns[o], 0f, "output " + o + " of columns");
            double exact = 0;
            for (int r = 0; r < terms; r++) {
                exact += g[o * terms + r];
            }
            assertEquals(exact, byRows[o], 1e-6 * terms * 100, "close to the exact sum");
        }
    }

    private static float inParts(int terms, int parts, java.util.function.IntToDoubleFunction term) {
        float total = 0f;
        for (int p = 0; p < parts; p++) {
            float part = 0f;
            for (int r = p; r < terms; r += parts) {
                part += (float) term.applyAsDouble(r);
            }
            total += part;
        }
        return total;
    }
}
