package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class Conv2dTest {

    @Test
    void forwardMatchesADirectDoubleConvolution() {
        Rng rng = new Rng(6);
        Conv2d conv = new Conv2d(2, 3, 3, 2, 1, rng);
        Tensor x = Tensor.randn(rng, 2, 2, 5, 6);
        Tensor y = conv.forward(x);
        assertArrayEquals(new int[] {2, 3, 3, 3}, y.shape());
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 3; o++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double s = conv.bias().data()[o];
                        for (int c = 0; c < 2; c++) {
                            for (int ki = 0; ki < 3; ki++) {
                                for (int kj = 0; kj < 3; kj++) {
                                    int r = i * 2 - 1 + ki;
                                    int q = j * 2 - 1 + kj;
                                    if (r >= 0 && r < 5 && q >= 0 && q < 6) {
                                        s += (double) x.get(n, c, r, q) * conv.weight().tensor().get(o, c, ki, kj);
                                    }
                                }
                            }
                        }
                        assertEquals(s, y.get(n, o, i, j), 1e-5, "y[" + n + "," + o + "," + i + "," + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Rng rng = new Rng(8);
        Conv2d conv = new Conv2d(4, 4, 3, 1, 1, 1, 2, true, rng);
        ModuleGradCheck.check("Conv2d(groups=2)", conv, conv::forward, Tensor.randn(rng, 2, 4, 5, 5), rng, 6);
    }

    @Test
    void wrongChannelCountIsReportedWithTheShape() {
        Conv2d conv = new Conv2d(3, 4, 3, 1, 1, new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(Tensor.ones(1, 2, 8, 8)));
        assertTrue(e.getMessage().contains("[1, 2, 8, 8]") && e.getMessage().contains("[n, 3, h, w]"), e.getMessage());
    }

    @Test
    void channelsNotDivisibleByGroupsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 1, 1, 1, 2, true, new Rng(1)));
    }
}
