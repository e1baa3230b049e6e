package org.mimo4j.data.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.mimo4j.engine.tensor.Rng;
import org.junit.jupiter.api.Test;

class FftTest {
    private static final int[] LENGTHS = {1, 2, 3, 5, 7, 8, 12, 16, 17, 31, 64, 97, 100, 128, 255, 256, 441};

    @Test
    void planPicksRadix2ForPowersOfTwoAndBluesteinOtherwise() {
        assertInstanceOf(Radix2Fft.class, Fft.of(256));
        assertInstanceOf(BluesteinFft.class, Fft.of(441));
    }

    @Test
    void matchesNaiveDftOnRandomComplexInputOfManyLengths() {
        Rng rng = new Rng(11);
        for (int n : LENGTHS) {
            double[] re = randomVector(rng, n);
            double[] im = randomVector(rng, n);
            double[][] expected = NaiveDft.forward(re, im);
            Fft.of(n).forward(re, im);
            for (int k = 0; k < n; k++) {
                assertEquals(expected[0][k], re[k], 1e-9 * n, "re[" + k + "] of length " + n);
                assertEquals(expected[1][k], im[k], 1e-9 * n, "im[" + k + "] of length " + n);
            }
        }
    }

    @Test
    void inverseUndoesForward() {
        Rng rng = new Rng(12);
        for (int n : LENGTHS) {
            double[] re = randomVector(rng, n);
            double[] im = randomVector(rng, n);
            double[] re0 = re.clone();
            double[] im0 = im.clone();
            Fft fft = Fft.of(n);
            fft.forward(re, im);
            fft.inverse(re, im);
            for (int i = 0; i < n; i++) {
                assertEquals(re0[i], re[i], 1e-10, "re[" + i + "] of length " + n);
                assertEquals(im0[i], im[i], 1e-10, "im[" + i + "] of length " + n);
            }
        }
    }

    @Test
    void parsevalHoldsForRandomSignals() {
        Rng rng = new Rng(13);
        for (int n : LENGTHS) {
            double[] re = randomVector(rng, n);
            double[] im = randomVector(rng, n);
            double timeEnergy = energy(re, im);
            Fft.of(n).forward(re, im);
            assertEquals(timeEnergy, energy(re, im) / n, 1e-9 * timeEnergy, "Parseval at length " + n);
        }
    }

    @Test
    void sineHasItsPeakInTheExpectedBin() {
        for (int n : new int[] {64, 100, 256}) {
            int bin = n / 8 + 1;
            double[] re = new double[n];
            double[] im = new double[n];
            for (int t = 0; t < n; t++) {
                re[t] = Math.sin(2 * Math.PI * bin * t / n);
            }
            Fft.of(n).forward(re, im);
            for (int k = 0; k <= n / 2; k++) {
                double mag = Math.hypot(re[k], im[k]);
                assertEquals(k == bin ? n / 2.0 : 0.0, mag, 1e-8 * n, "bin " + k + " of length " + n);
            }
        }
    }

    @Test
    void rejectsArraysOfTheWrongLength() {
        Fft fft = Fft.of(8);
        var e = assertThrows(IllegalArgumentException.class, () -> fft.forward(new double[7], new double[7]));
        assertEquals("FFT of length 8 got arrays of length 7 (re) and 7 (im)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fft.of(0));
    }

    static double[] randomVector(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double energy(double[] re, double[] im) {
        double e = 0;
        for (int i = 0; i < re.length; i++) {
            e += re[i] * re[i] + im[i] * im[i];
        }
        return e;
    }
}
