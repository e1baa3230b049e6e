package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

class GramKernelTest {

    @Test
    void matchesDoubleReferenceOnRandomBanksOfOddSizes() {
        Rng rng = new Rng(11);
        for (int trial = 0; trial < 12; trial++) {
            int rows = 1 + rng.nextInt(9);
            GradientBank bank = TestBanks.random(rng, rows, 1 + rng.nextInt(4), 1 + rng.nextInt(70_000));
            Gram gram = GramKernel.compute(bank, new Workers(2));
            double[][] flat = new double[rows][];
            for (int i = 0; i < rows; i++) {
                flat[i] = TestBanks.flat(bank, i);
            }
            for (int i = 0; i < rows; i++) {
                double[] a = flat[i];
                for (int j = 0; j < rows; j++) {
                    double[] b = flat[j];
                    double scale = Math.sqrt(TestBanks.dot(a, a) * TestBanks.dot(b, b));
                    assertEquals(TestBanks.dot(a, b), gram.get(i, j), 1e-5 * scale,
                            "G[" + i + "][" + j + "] of " + bank);
                }
            }
        }
    }

    @Test
    void everyRowCountUpToNineMatchesTheDoubleReference() {
        // rows are taken in blocks of four: 1..9 covers each triangle kernel, the 4x4 rectangle and the
        // partial blocks; 3 tiles plus 13 floats exercise the tile loop and the scalar tail
        Rng rng = new Rng(21);
        int size = 3 * GramKernel.TILE + 13;
        for (int rows = 1; rows <= 9; rows++) {
            double[][] vectors = new double[rows][size];
            for (double[] v : vectors) {
                for (int k = 0; k < size; k++) {
                    v[k] = rng.nextGaussian();
                }
            }
            GradientBank bank = TestBanks.of(vectors);
            assertMatchesReference(bank, GramKernel.compute(bank, new Workers(1)));
        }
    }

    private static void assertMatchesReference(GradientBank bank, Gram gram) {
        int rows = bank.rows();
        for (int i = 0; i < rows; i++) {
            double[] a = TestBanks.flat(bank, i);
            for (int j = 0; j < rows; j++) {
                double[] b = TestBanks.flat(bank, j);
                double scale = Math.sqrt(TestBanks.dot(a, a) * TestBanks.dot(b, b));
                assertEquals(TestBanks.dot(a, b), gram.get(i, j), 1e-6 * scale, "G[" + i + "][" + j + "] of " + bank);
            }
        }
    }

    @Test
    void perGroupMatricesSumToTheTotal() {
        GradientBank bank = TestBanks.random(new Rng(3), 4, 5, 3000);
        Gram gram = GramKernel.compute(bank, Workers.shared());
        double[] sum = gram.sumOver(bank, g -> true);
        assertArrayEquals(gram.matrix(), sum, 1e-9);
        double direct = 0;
        float[] a = bank.block(1, 2);
        float[] b = bank.block(3, 2);
        for (int i = 0; i < a.length; i++) {
            direct += (double) a[i] * b[i];
        }
        assertEquals(direct, gram.get(2, 1, 3), 1e-5 * Math.abs(direct) + 1e-6);
    }

    @Test
    void resultDoesNotDependOnTheThreadCount() {
        GradientBank bank = TestBanks.random(new Rng(5), 5, 3, 200_000);
        double[] one = GramKernel.compute(bank, new Workers(1)).matrix();
        double[] two = GramKernel.compute(bank, new Workers(2)).matrix();
        double[] three = GramKernel.compute(bank, new Workers(3)).matrix();
        assertArrayEquals(one, two, 0.0);
        assertArrayEquals(one, three, 0.0);
    }
}
