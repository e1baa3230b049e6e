package org.mimo4j.mimo.moo;

import java.util.ArrayList;
import java.util.List;
import org.mimo4j.engine.tensor.Rng;

/** Test helpers: banks from explicit vectors, double-precision references, flattening. */
final class TestBanks {
    private TestBanks() {
    }

    /** A bank over one encoder group of modality 1 whose rows are the given vectors. */
    static GradientBank of(double[]... rows) {
        List<String> names = new ArrayList<>();
        float[][][] data = new float[rows.length][1][];
        for (int r = 0; r < rows.length; r++) {
            names.add("g" + r);
            data[r][0] = toFloat(rows[r]);
        }
        return GradientBank.wrap(names, List.of(ParameterGroup.encoder("enc1.w", rows[0].length, 1)), data);
    }

    /** Random rows over random group sizes (odd sizes, not multiples of the tile) with conflicts. */
    static GradientBank random(Rng rng, int rows, int groups, int maxGroupSize) {
        List<ParameterGroup> gs = new ArrayList<>();
        for (int p = 0; p < groups; p++) {
            gs.add(ParameterGroup.encoder("enc1.p" + p, 1 + rng.nextInt(maxGroupSize), 1));
        }
        List<String> names = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            names.add("g" + r);
        }
        GradientBank bank = new GradientBank(names, gs);
        for (int r = 0; r < rows; r++) {
            double scale = 0.1 + 3 * rng.nextDouble();
            for (int p = 0; p < groups; p++) {
                float[] b = bank.block(r, p);
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) (scale * rng.nextGaussian());
                }
            }
            bank.setLoss(r, 0.5 + rng.nextDouble());
        }
        return bank;
    }

    /** Row r of the bank, all groups concatenated, in double. */
    static double[] flat(GradientBank bank, int r) {
        double[] out = new double[(int) bank.totalSize()];
        int at = 0;
        for (int p = 0; p < bank.groupCount(); p++) {
            for (float x : bank.block(r, p)) {
                out[at++] = x;
            }
        }
        return out;
    }

    /** A direction (one array per group) concatenated, in double. */
    static double[] flat(float[][] direction) {
        int n = 0;
        for (float[] d : direction) {
            n += d.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (float[] d : direction) {
            for (float x : d) {
                out[at++] = x;
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The K x K Gram matrix in double, row-major. */
    static double[] gram(GradientBank bank) {
        int k = bank.rows();
        double[] g = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                g[i * k + j] = dot(flat(bank, i), flat(bank, j));
            }
        }
        return g;
    }

    /** Σ_r c_r · row r in double. */
    static double[] combination(GradientBank bank, double[] c) {
        double[] out = new double[(int) bank.totalSize()];
        for (int r = 0; r < bank.rows(); r++) {
            double[] row = flat(bank, r);
            for (int i = 0; i < out.length; i++) {
                out[i] += c[r] * row[i];
            }
        }
        return out;
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Random Gram matrix of K random vectors in dimension dim. */
    static double[] randomGram(Rng rng, int k, int dim) {
        double[][] v = new double[k][dim];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < dim; j++) {
                v[i][j] = rng.nextGaussian() + (j == 0 ? 0.5 : 0);
            }
        }
        double[] g = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                g[i * k + j] = dot(v[i], v[j]);
            }
        }
        return g;
    }

    static StepContext ctx(long seed) {
        return StepContext.of(0, new Rng(seed)).withDiagnostics(true);
    }
}
