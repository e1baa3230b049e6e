package org.mimo4j.engine.backend;

/**
 * Plain double-precision loops that define what every backend kernel must compute. They are the
 * specification the tests hold {@link CpuBackend} (and through it every other backend) to.
 */
final class ReferenceKernels {
    private ReferenceKernels() {
    }

    static double[] sgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                          float[] a, int aOff, int lda, long strideA, float[] b, int bOff, int ldb, long strideB,
                          double beta, float[] c, int cOff, int ldc, long strideC, int batch) {
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = c[i];
        }
        for (int bi = 0; bi < batch; bi++) {
            long ao = aOff + bi * strideA, bo = bOff + bi * strideB, co = cOff + bi * strideC;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double av = transA ? a[(int) (ao + (long) p * lda + i)] : a[(int) (ao + (long) i * lda + p)];
                        double bv = transB ? b[(int) (bo + (long) j * ldb + p)] : b[(int) (bo + (long) p * ldb + j)];
                        s += av * bv;
                    }
                    int ci = (int) (co + (long) i * ldc + j);
                    out[ci] = beta == 0 ? alpha * s : alpha * s + beta * c[ci];
                }
            }
        }
        return out;
    }

    static double[] conv2dForward(Conv2dShape s, float[] x, float[] w, float[] bias) {
        double[] y = new double[s.outputSize()];
        Geometry g = new Geometry(s);
        for (int n = 0; n < s.n(); n++) {
            for (int co = 0; co < s.outChannels(); co++) {
                for (int oy = 0; oy < g.oh; oy++) {
                    for (int ox = 0; ox < g.ow; ox++) {
                        double acc = bias == null ? 0 : bias[co];
                        for (int ci = 0; ci < g.cinG; ci++) {
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int xi = g.inputIndex(n, co, ci, oy, ox, ky, kx);
                                    if (xi >= 0) {
                                        acc += (double) x[xi] * w[g.weightIndex(co, ci, ky, kx)];
                                    }
                                }
                            }
                        }
                        y[((n * s.outChannels() + co) * g.oh + oy) * g.ow + ox] = acc;
                    }
                }
            }
        }
        return y;
    }

    /** Computes dx (when {@code wantData}) or dw by the chain rule through {@link #conv2dForward}. */
    static double[] conv2dBackward(Conv2dShape s, float[] x, float[] w, float[] dy, boolean wantData) {
        double[] out = new double[wantData ? s.inputSize() : s.weightSize()];
        Geometry g = new Geometry(s);
        for (int n = 0; n < s.n(); n++) {
            for (int co = 0; co < s.outChannels(); co++) {
                for (int oy = 0; oy < g.oh; oy++) {
                    for (int ox = 0; ox < g.ow; ox++) {
                        double d = dy[((n * s.outChannels() + co) * g.oh + oy) * g.ow + ox];
                        for (int ci = 0; ci < g.cinG; ci++) {
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int xi = g.inputIndex(n, co, ci, oy, ox, ky, kx);
                                    int wi = g.weightIndex(co, ci, ky, kx);
                                    if (xi >= 0 && wantData) {
                                        out[xi] += d * w[wi];
                                    } else if (xi >= 0) {
                                        out[wi] += d * x[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Returns {out, probs} of masked scaled dot-product attention. */
    static double[][] attentionForward(AttentionShape s, float[] q, float[] k, float[] v, float[] mask, double scale) {
        int sq = s.seqQ(), sk = s.seqK(), d = s.dim(), dv = s.dimV();
        double[] out = new double[s.batch() * sq * dv];
        double[] probs = new double[s.batch() * sq * sk];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < sq; i++) {
                int row = (b * sq + i) * sk;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < sk; j++) {
                    double sc = 0;
                    for (int t = 0; t < d; t++) {
                        sc += (double) q[(b * sq + i) * d + t] * k[(b * sk + j) * d + t];
                    }
                    probs[row + j] = sc * scale + (mask == null ? 0 : mask[i * sk + j]);
                    max = Math.max(max, probs[row + j]);
                }
                double sum = 0;
                for (int j = 0; j < sk; j++) {
                    probs[row + j] = max == Double.NEGATIVE_INFINITY ? 0 : Math.exp(probs[row + j] - max);
                    sum += probs[row + j];
                }
                for (int j = 0; j < sk; j++) {
                    probs[row + j] = sum == 0 ? 0 : probs[row + j] / sum;
                    for (int t = 0; t < dv; t++) {
                        out[(b * sq + i) * dv + t] += probs[row + j] * v[(b * sk + j) * dv + t];
                    }
                }
            }
        }
        return new double[][] {out, probs};
    }

    /** Returns {dq, dk, dv} of {@link #attentionForward} given the saved probabilities. */
    static double[][] attentionBackward(AttentionShape s, float[] q, float[] k, float[] v, double[] probs,
                                        float[] dOut, double scale) {
        int sq = s.seqQ(), sk = s.seqK(), d = s.dim(), dV = s.dimV();
        double[] dq = new double[s.batch() * sq * d], dk = new double[s.batch() * sk * d];
        double[] dv = new double[s.batch() * sk * dV];
        double[] dp = new double[sk];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < sq; i++) {
                int row = (b * sq + i) * sk;
                double dot = 0;
                for (int j = 0; j < sk; j++) {
                    dp[j] = 0;
                    for (int t = 0; t < dV; t++) {
                        dp[j] += (double) dOut[(b * sq + i) * dV + t] * v[(b * sk + j) * dV + t];
                        dv[(b * sk + j) * dV + t] += probs[row + j] * dOut[(b * sq + i) * dV + t];
                    }
                    dot += dp[j] * probs[row + j];
                }
                for (int j = 0; j < sk; j++) {
                    double ds = probs[row + j] * (dp[j] - dot) * scale;
                    for (int t = 0; t < d; t++) {
                        dq[(b * sq + i) * d + t] += ds * k[(b * sk + j) * d + t];
                        dk[(b * sk + j) * d + t] += ds * q[(b * sq + i) * d + t];
                    }
                }
            }
        }
        return new double[][] {dq, dk, dv};
    }

    /** Index arithmetic of one convolution, shared by the forward and backward references. */
    private static final class Geometry {
        final Conv2dShape s;
        final int cinG, coutG, oh, ow;

        Geometry(Conv2dShape s) {
            this.s = s;
            cinG = s.inChannels() / s.groups();
            coutG = s.outChannels() / s.groups();
            oh = s.outH();
            ow = s.outW();
        }

        /** Flat index into x read by this tap, or -1 when it falls in the padding. */
        int inputIndex(int n, int co, int ci, int oy, int ox, int ky, int kx) {
            int iy = oy * s.strideH() - s.padH() + ky * s.dilationH();
            int ix = ox * s.strideW() - s.padW() + kx * s.dilationW();
            if (iy < 0 || iy >= s.inH() || ix < 0 || ix >= s.inW()) {
                return -1;
            }
            int c = (co / coutG) * cinG + ci;
            return ((n * s.inChannels() + c) * s.inH() + iy) * s.inW() + ix;
        }

        int weightIndex(int co, int ci, int ky, int kx) {
            return ((co * cinG + ci) * s.kernelH() + ky) * s.kernelW() + kx;
        }
    }
}
