package org.mimo4j.data.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.mimo4j.engine.tensor.Rng;
import org.junit.jupiter.api.Test;

class Radix2FftTest {

    @Test
    void matchesNaiveDftForEveryPowerOfTwoUpTo1024() {
        Rng rng = new Rng(21);
        for (int n = 1; n <= 1024; n <<= 1) {
            double[] re = FftTest.randomVector(rng, n);
            double[] im = FftTest.randomVector(rng, n);
            double[][] expected = NaiveDft.forward(re, im);
            new Radix2Fft(n).forward(re, im);
            for (int k = 0; k < n; k++) {
                assertEquals(expected[0][k], re[k], 1e-9 * n, "re[" + k + "] of length " + n);
                assertEquals(expected[1][k], im[k], 1e-9 * n, "im[" + k + "] of length " + n);
            }
        }
    }

    @Test
    void rejectsLengthsThatAreNotPowersOfTwo() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Radix2Fft(12));
        assertEquals("radix-2 FFT needs a power-of-two length, got 12", e.getMessage());
    }
}
