package org.mimo4j.mimo.eval;

/**
 * A softmax-regression probe on frozen features: standardise each feature with the training
 * statistics, then full-batch gradient descent on the mean cross-entropy (with a small L2 term) from
 * zero weights. Deterministic and identical for every method, so per-modality accuracies of methods
 * that never train the unimodal heads (Joint, OGM-GE) are comparable with those that do.
 */
public final class LinearProbe {
    private static final double LR = 0.5;
    private static final double L2 = 1e-4;

    private final int dim;
    private final int classes;
    private final double[] mean;
    private final double[] std;
    private final double[] w;
    private final double[] b;

    private LinearProbe(int dim, int classes, double[] mean, double[] std) {
        this.dim = dim;
        this.classes = classes;
        this.mean = mean;
        this.std = std;
        this.w = new double[dim * classes];
        this.b = new double[classes];
    }

    /** Fits the probe on {@code x} ([n, dim] row-major) with labels {@code y} for {@code iterations} steps. */
    public static LinearProbe fit(float[] x, int[] y, int dim, int classes, int iterations) {
        int n = y.length;
        double[] mean = new double[dim];
        double[] std = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += x[i * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                double d = x[i * dim + j] - mean[j];
                std[j] += d * d;
            }
        }
        for (int j = 0; j < dim; j++) {
            std[j] = Math.sqrt(std[j] / n) + 1e-6;
        }
        LinearProbe p = new LinearProbe(dim, classes, mean, std);
        double[] z = p.standardise(x, n);
        for (int it = 0; it < iterations; it++) {
            p.descend(z, y);
        }
        return p;
    }

    /** Accuracy on {@code x} ([n, dim]) with labels {@code y}. */
    public double accuracy(float[] x, int[] y) {
        double[] z = standardise(x, y.length);
        int hits = 0;
        double[] logits = new double[classes];
        for (int i = 0; i < y.length; i++) {
            logits(z, i, logits);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            hits += best == y[i] ? 1 : 0;
        }
        return (double) hits / y.length;
    }

    private double[] standardise(float[] x, int n) {
        double[] z = new double[n * dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                z[i * dim + j] = (x[i * dim + j] - mean[j]) / std[j];
            }
        }
        return z;
    }

    private void logits(double[] z, int i, double[] out) {
        System.arraycopy(b, 0, out, 0, classes);
        for (int j = 0; j < dim; j++) {
            double v = z[i * dim + j];
            for (int c = 0; c < classes; c++) {
                out[c] += v * w[j * classes + c];
            }
        }
    }

    private void descend(double[] z, int[] y) {
        int n = y.length;
        double[] gw = new double[w.length];
        double[] gb = new double[classes];
        double[] p = new double[classes];
        for (int i = 0; i < n; i++) {
            logits(z, i, p);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : p) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[c] = Math.exp(p[c] - max);
                sum += p[c];
            }
            for (int c = 0; c < classes; c++) {
                double d = p[c] / sum - (c == y[i] ? 1 : 0);
                gb[c] += d;
                for (int j = 0; j < dim; j++) {
                    gw[j * classes + c] += d * z[i * dim + j];
                }
            }
        }
        for (int k = 0; k < w.length; k++) {
            w[k] -= LR * (gw[k] / n + L2 * w[k]);
        }
        for (int c = 0; c < classes; c++) {
            b[c] -= LR * gb[c] / n;
        }
    }
}
