package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/**
 * {@link PaddedGrid}'s layouts of dy: {@link PaddedGrid#spreadAcross} holds {@link PaddedGrid#spread}'s values
 * with the rows across, in panels, and zeros wherever spread has none.
 */
class PaddedGridTest {

    @Test
    void spreadAcrossIsSpreadTransposedIntoPanels() {
        Rng rng = new Rng(81);
        // rows: fewer than a panel, a panel and a part, whole panels; grids of one image and several side by side,
        // an output line wider than SPREAD_POSITIONS
        int[][] cases = {{5, 3, 7, 6, 1, 16}, {21, 4, 4, 5, 3, 16}, {32, 14, 14, 3, 8, 8}, {9, 2, 300, 3, 1, 4},
            {3, 6, 5, 1, 2, 4}};
        for (int[] c : cases) {
            int rows = c[0], h = c[1], w = c[2], k = c[3], stack = c[4], nr = c[5], first = 1;
            PaddedGrid g = new PaddedGrid(2, h, w, 1, 1, k, k, stack);
            float[] dy = Arrays2.random(rng, (first + stack) * rows * g.outH * g.outW);
            int span = g.span(), all = (rows + nr - 1) / nr * nr;
            float[] lines = g.spread(dy, first, rows, new float[all * span], all, span);
            float[] panels = Arrays2.random(rng, all * span + 3); // stale values must be overwritten
            g.spreadAcross(dy, first, rows, panels, nr);
            for (int r = 0; r < all; r++) {
                for (int q = 0; q < span; q++) {
                    assertEquals(lines[r * span + q], panels[r / nr * span * nr + q * nr + r % nr],
                            "rows " + rows + ", grid " + h + "x" + w + " x" + stack + ": row " + r + ", position " + q);
                }
            }
        }
    }
}
