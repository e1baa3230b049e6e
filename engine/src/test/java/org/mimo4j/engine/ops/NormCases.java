package org.mimo4j.engine.ops;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/** Catalog cases of layer-norm and batch-norm (training and evaluation), with double references. */
final class NormCases {
    static final float EPS = 1e-5f;

    private NormCases() {
    }

    static OpCase layerNorm(Rng r) {
        int[] s = Gen.shape(r, 2 + r.nextInt(2));
        s[s.length - 1] += 1;
        int k = 1 + r.nextInt(2);
        int[] norm = java.util.Arrays.copyOfRange(s, s.length - k, s.length);
        boolean affine = r.nextInt(3) != 0;
        OpCase c = new OpCase("layerNorm").input(s, Gen.signed(r, s), true);
        if (affine) {
            c.input(norm, Gen.signed(r, norm), true).input(norm, Gen.signed(r, norm), true);
        }
        int width = Ref.numel(norm);
        return c.op(t -> F.layerNorm(t[0], norm, affine ? t[1] : null, affine ? t[2] : null, EPS)).reference(x -> {
            double[] y = new double[x[0].length];
            for (int row = 0; row < y.length / width; row++) {
                double mu = 0;
                double var = 0;
                for (int j = 0; j < width; j++) {
                    mu += x[0][row * width + j] / width;
                }
                for (int j = 0; j < width; j++) {
                    var += Math.pow(x[0][row * width + j] - mu, 2) / width;
                }
                for (int j = 0; j < width; j++) {
                    double xh = (x[0][row * width + j] - mu) / Math.sqrt(var + EPS);
                    y[row * width + j] = affine ? xh * x[1][j] + x[2][j] : xh;
                }
            }
            return new OpCase.RefOut(y, s);
        });
    }

    /**
     * Training: normalised with batch statistics (fresh running tensors per call, so repeated calls
     * agree). Evaluation: normalised with the given running statistics, which are constants.
     */
    static OpCase batchNorm(Rng r, boolean training) {
        int c = 1 + r.nextInt(3);
        int[] s = r.nextInt(2) == 0 ? new int[] {2 + r.nextInt(3), c} : new int[] {1 + r.nextInt(2), c, 2, 1 + r.nextInt(3)};
        int[] cs = {c};
        OpCase oc = new OpCase(training ? "batchNorm" : "batchNormEval")
                .input(s, Gen.signed(r, s), true)
                .input(cs, Gen.signed(r, c), true)
                .input(cs, Gen.signed(r, c), true)
                .input(cs, Gen.signed(r, c), false)
                .input(cs, Gen.uniform(r, cs, 0.5, 1.5), false);
        int inner = Ref.numel(s) / (s[0] * c);
        return oc.op(t -> {
            Tensor rm = training ? Tensor.zeros(c) : t[3];
            Tensor rv = training ? Tensor.ones(c) : t[4];
            return F.batchNorm(t[0], t[1], t[2], rm, rv, training, 0.1f, EPS);
        }).reference(x -> {
            double[] y = new double[x[0].length];
            for (int ch = 0; ch < c; ch++) {
                double mu = x[3][ch];
                double var = x[4][ch];
                if (training) {
                    double[] stats = stats(x[0], s[0], c, inner, ch);
                    mu = stats[0];
                    var = stats[1];
                }
                for (int n = 0; n < s[0]; n++) {
                    for (int i = 0; i < inner; i++) {
                        int k = (n * c + ch) * inner + i;
                        y[k] = (x[0][k] - mu) / Math.sqrt(var + EPS) * x[1][ch] + x[2][ch];
                    }
                }
            }
            return new OpCase.RefOut(y, s);
        });
    }

    /** Mean and biased variance of channel {@code ch}. */
    static double[] stats(double[] x, int batch, int c, int inner, int ch) {
        double mu = 0;
        int m = batch * inner;
        for (int n = 0; n < batch; n++) {
            for (int i = 0; i < inner; i++) {
                mu += x[(n * c + ch) * inner + i] / m;
            }
        }
        double var = 0;
        for (int n = 0; n < batch; n++) {
            for (int i = 0; i < inner; i++) {
                var += Math.pow(x[(n * c + ch) * inner + i] - mu, 2) / m;
            }
        }
        return new double[] {mu, var};
    }
}
