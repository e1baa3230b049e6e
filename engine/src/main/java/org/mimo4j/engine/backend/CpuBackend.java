package org.mimo4j.engine.backend;

/**
 * The reference backend: plain Java on the host, multi-threaded. Every other backend is
 * parity-tested against it.
 */
public final class CpuBackend implements Backend {
    private final int threads;

    /** A CPU backend that uses up to {@code threads} worker threads. */
    public CpuBackend(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return "CPU, " + threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, long strideA,
                      float[] b, int bOff, int ldb, long strideB,
                      float beta, float[] c, int cOff, int ldc, long strideC, int batch) {
        for (int bi = 0; bi < batch; bi++) {
            long ao = aOff + bi * strideA, bo = bOff + bi * strideB, co = cOff + bi * strideC;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0;
                    for (int p = 0; p < k; p++) {
                        float av = transA ? a[(int) (ao + (long) p * lda + i)] : a[(int) (ao + (long) i * lda + p)];
                        float bv = transB ? b[(int) (bo + (long) j * ldb + p)] : b[(int) (bo + (long) p * ldb + j)];
                        s += av * bv;
                    }
                    int ci = (int) (co + (long) i * ldc + j);
                    c[ci] = beta == 0 ? alpha * s : alpha * s + beta * c[ci];
                }
            }
        }
    }

    @Override
    public void conv2dForward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        int cinG = s.inChannels() / s.groups(), coutG = s.outChannels() / s.groups();
        int oh = s.outH(), ow = s.outW();
        for (int n = 0; n < s.n(); n++) {
            for (int co = 0; co < s.outChannels(); co++) {
                int g = co / coutG;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float acc = bias == null ? 0 : bias[co];
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                int iy = oy * s.strideH() - s.padH() + ky * s.dilationH();
                                if (iy < 0 || iy >= s.inH()) {
                                    continue;
                                }
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int ix = ox * s.strideW() - s.padW() + kx * s.dilationW();
                                    if (ix < 0 || ix >= s.inW()) {
                                        continue;
                                    }
                                    acc += x[((n * s.inChannels() + g * cinG + ci) * s.inH() + iy) * s.inW() + ix]
                                            * w[((co * cinG + ci) * s.kernelH() + ky) * s.kernelW() + kx];
                                }
                            }
                        }
                        y[((n * s.outChannels() + co) * oh + oy) * ow + ox] = acc;
                    }
                }
            }
        }
    }

    @Override
    public void conv2dBackwardData(Conv2dShape s, float[] dy, float[] w, float[] dx) {
        java.util.Arrays.fill(dx, 0, s.inputSize(), 0f);
        int cinG = s.inChannels() / s.groups(), coutG = s.outChannels() / s.groups();
        int oh = s.outH(), ow = s.outW();
        for (int n = 0; n < s.n(); n++) {
            for (int co = 0; co < s.outChannels(); co++) {
                int g = co / coutG;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float d = dy[((n * s.outChannels() + co) * oh + oy) * ow + ox];
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                int iy = oy * s.strideH() - s.padH() + ky * s.dilationH();
                                if (iy < 0 || iy >= s.inH()) {
                                    continue;
                                }
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int ix = ox * s.strideW() - s.padW() + kx * s.dilationW();
                                    if (ix < 0 || ix >= s.inW()) {
                                        continue;
                                    }
                                    dx[((n * s.inChannels() + g * cinG + ci) * s.inH() + iy) * s.inW() + ix]
                                            += d * w[((co * cinG + ci) * s.kernelH() + ky) * s.kernelW() + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void conv2dBackwardWeight(Conv2dShape s, float[] x, float[] dy, float[] dw) {
        java.util.Arrays.fill(dw, 0, s.weightSize(), 0f);
        int cinG = s.inChannels() / s.groups(), coutG = s.outChannels() / s.groups();
        int oh = s.outH(), ow = s.outW();
        for (int n = 0; n < s.n(); n++) {
            for (int co = 0; co < s.outChannels(); co++) {
                int g = co / coutG;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float d = dy[((n * s.outChannels() + co) * oh + oy) * ow + ox];
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                int iy = oy * s.strideH() - s.padH() + ky * s.dilationH();
                                if (iy < 0 || iy >= s.inH()) {
                                    continue;
                                }
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int ix = ox * s.strideW() - s.padW() + kx * s.dilationW();
                                    if (ix < 0 || ix >= s.inW()) {
                                        continue;
                                    }
                                    dw[((co * cinG + ci) * s.kernelH() + ky) * s.kernelW() + kx]
                                            += d * x[((n * s.inChannels() + g * cinG + ci) * s.inH() + iy) * s.inW() + ix];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void attentionForward(AttentionShape s, float[] q, float[] k, float[] v, float[] mask, float scale,
                                 float[] out, float[] probs) {
        int sq = s.seqQ(), sk = s.seqK(), d = s.dim(), dv = s.dimV();
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < sq; i++) {
                int prow = (b * sq + i) * sk;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < sk; j++) {
                    float sc = 0;
                    for (int t = 0; t < d; t++) {
                        sc += q[(b * sq + i) * d + t] * k[(b * sk + j) * d + t];
                    }
                    sc = sc * scale + (mask == null ? 0 : mask[i * sk + j]);
                    probs[prow + j] = sc;
                    max = Math.max(max, sc);
                }
                float sum = 0;
                for (int j = 0; j < sk; j++) {
                    float e = max == Float.NEGATIVE_INFINITY ? 0 : (float) Math.exp(probs[prow + j] - max);
                    probs[prow + j] = e;
                    sum += e;
                }
                for (int j = 0; j < sk; j++) {
                    probs[prow + j] = sum == 0 ? 0 : probs[prow + j] / sum;
                }
                for (int t = 0; t < dv; t++) {
                    float acc = 0;
                    for (int j = 0; j < sk; j++) {
                        acc += probs[prow + j] * v[(b * sk + j) * dv + t];
                    }
                    out[(b * sq + i) * dv + t] = acc;
                }
            }
        }
    }

    @Override
    public void attentionBackward(AttentionShape s, float[] q, float[] k, float[] v, float[] probs, float[] dOut,
                                  float scale, float[] dq, float[] dk, float[] dv) {
        int sq = s.seqQ(), sk = s.seqK(), d = s.dim(), dV = s.dimV();
        java.util.Arrays.fill(dq, 0, s.batch() * sq * d, 0f);
        java.util.Arrays.fill(dk, 0, s.batch() * sk * d, 0f);
        java.util.Arrays.fill(dv, 0, s.batch() * sk * dV, 0f);
        float[] dS = new float[sk];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < sq; i++) {
                int prow = (b * sq + i) * sk;
                float dot = 0;
                for (int j = 0; j < sk; j++) {
                    float dp = 0;
                    for (int t = 0; t < dV; t++) {
                        dp += dOut[(b * sq + i) * dV + t] * v[(b * sk + j) * dV + t];
                        dv[(b * sk + j) * dV + t] += probs[prow + j] * dOut[(b * sq + i) * dV + t];
                    }
                    dS[j] = dp;
                    dot += dp * probs[prow + j];
                }
                for (int j = 0; j < sk; j++) {
                    float g = probs[prow + j] * (dS[j] - dot) * scale;
                    for (int t = 0; t < d; t++) {
                        dq[(b * sq + i) * d + t] += g * k[(b * sk + j) * d + t];
                        dk[(b * sk + j) * d + t] += g * q[(b * sq + i) * d + t];
                    }
                }
            }
        }
    }
}
