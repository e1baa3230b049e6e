package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/** {@link Packing}'s row-by-row packing of B against its panel-by-panel one, the layout the microkernel reads. */
class PackingTest {

    /**
     * {@link Packing#packRowsOfB} writes, for any group of panels, what {@link Packing#packB} writes panel by
     * panel: full and partial last panels (zero-padded over stale values), a wider leading dimension, an
     * offset, and k blocks that start inside B.
     */
    @Test
    void packingRowByRowGivesThePanelByPanelLayout() {
        Rng rng = new Rng(44);
        for (int nr : new int[] {4, 16, 32}) {
            for (int[] shape : new int[][] {{3 * nr, 40}, {3 * nr + 5, 257}, {nr - 1, 7}, {9 * nr + 2, 300}}) {
                int n = shape[0], k = shape[1], ldb = n + 3, off = 11, panels = (n + nr - 1) / nr;
                float[] b = Arrays2.random(rng, off + k * ldb);
                for (int p0 = 0; p0 < k; p0 += SgemmCpu.KC) {
                    int kc = Math.min(SgemmCpu.KC, k - p0);
                    float[] expected = new float[panels * kc * nr], actual = new float[expected.length];
                    for (int jp = 0; jp < panels; jp++) {
                        Packing.packB(false, b, off, ldb, n, jp, p0, kc, nr, expected, jp * kc * nr);
                    }
                    Arrays.fill(actual, Float.NaN);
                    for (int g0 = 0; g0 < panels; g0 += 2) {
                        Packing.packRowsOfB(b, off, ldb, n, g0, Math.min(panels, g0 + 2), p0, kc, nr, actual, 0);
                    }
                    assertArrayEquals(expected, actual, "nr=" + nr + " n=" + n + " k=" + k + " p0=" + p0);
                }
            }
        }
    }
}
