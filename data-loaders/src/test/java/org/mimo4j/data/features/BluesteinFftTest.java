package org.mimo4j.data.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.mimo4j.engine.tensor.Rng;
import org.junit.jupiter.api.Test;

class BluesteinFftTest {

    @Test
    void matchesNaiveDftForPrimeAndCompositeLengths() {
        Rng rng = new Rng(31);
        for (int n : new int[] {1, 2, 3, 6, 13, 60, 127, 200, 331}) {
            double[] re = FftTest.randomVector(rng, n);
            double[] im = FftTest.randomVector(rng, n);
            double[][] expected = NaiveDft.forward(re, im);
            new BluesteinFft(n).forward(re, im);
            for (int k = 0; k < n; k++) {
                assertEquals(expected[0][k], re[k], 1e-9 * n, "re[" + k + "] of length " + n);
                assertEquals(expected[1][k], im[k], 1e-9 * n, "im[" + k + "] of length " + n);
            }
        }
    }

    @Test
    void agreesWithRadix2OnAPowerOfTwo() {
        Rng rng = new Rng(32);
        double[] re = FftTest.randomVector(rng, 64);
        double[] im = FftTest.randomVector(rng, 64);
        double[] re2 = re.clone();
        double[] im2 = im.clone();
        new BluesteinFft(64).forward(re, im);
        new Radix2Fft(64).forward(re2, im2);
        for (int k = 0; k < 64; k++) {
            assertEquals(re2[k], re[k], 1e-10, "re[" + k + "]");
            assertEquals(im2[k], im[k], 1e-10, "im[" + k + "]");
        }
    }
}
