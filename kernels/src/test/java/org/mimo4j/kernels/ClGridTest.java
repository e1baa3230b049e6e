package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

/**
 * {@link ClGrid}'s geometry without a device: grid lines carry the left padding only, and every window of a
 * kept output position that runs past its line's end lands in the next line's left padding (zeros), so
 * the right padding never has to be written.
 */
class ClGridTest {

    /** LeNet's backward-data (10 x 10 dY padded by 4 under 5 x 5), the small CNN's pad 1, no padding. */
    @Test
    void linesCarryTheLeftPaddingOnly() {
        assertEquals(14, ClGrid.lineWidth(10, 4, 5));
        assertEquals(15, ClGrid.lineWidth(14, 1, 3));
        assertEquals(30, ClGrid.lineWidth(28, 2, 5));
        assertEquals(56, ClGrid.lineWidth(56, 0, 5));
        ClGrid lenet = new ClGrid(16, 10, 10, 4, 4, 5, 5, 16);
        assertEquals(14, lenet.ow(), "no column computed and dropped");
        assertEquals(14 * 14, lenet.positions());
    }

    /** Padding as wide as the kernel or wider: the line is the output's width and still holds the image. */
    @Test
    void paddingWiderThanTheKernelKeepsTheOutputsWidth() {
        ClGrid g = new ClGrid(2, 4, 5, 1, 3, 3, 2, 16);
        assertEquals(10, g.ow());
        assertEquals(10, g.gw());
    }

    /**
     * On random geometries: the image fits its line after the left padding, kept outputs fit a line, a window
     * column past the line's end is one of the next line's first pw columns, and the last reads (a kept
     * output's, and the GEMM's last panel's) stay inside the grid's stride, whose tail pad_grid zeroes.
     */
    @Test
    void windowsPastALineReadTheNextLinesLeftPadding() {
        Rng rng = new Rng(51);
        int checked = 0;
        while (checked < 2000) {
            int w = 1 + rng.nextInt(40), kw = 1 + rng.nextInt(7), pw = rng.nextInt(9), h = 1 + rng.nextInt(6);
            int kh = 1 + rng.nextInt(h), ch = 1 + rng.nextInt(3), tn = 1 + rng.nextInt(32);
            if (w + 2 * pw < kw) {
                continue;
            }
            ClGrid g = new ClGrid(ch, h, w, 0, pw, kh, kw, tn);
            String at = "w " + w + " pw " + pw + " kw " + kw;
            assertTrue(pw + w <= g.gw(), at);
            assertTrue(g.ow() <= g.gw(), at);
            for (int col = 0; col < g.ow() + kw - 1; col++) {
                assertTrue(col < g.gw() || col - g.gw() < pw, at + ": column " + col);
            }
            long lastKept = (long) (ch * g.gh() - 1) * g.gw() + g.ow() - 1 + kw - 1;
            long panels = (g.positions() + tn - 1) / tn;
            long lastPanel = panels * tn - 1 + (long) ((ch - 1) * g.gh() + kh - 1) * g.gw() + kw - 1;
            assertTrue(lastKept < g.stride() && lastPanel < g.stride(), at);
            checked++;
        }
    }
}
