package org.mimo4j.engine.ops;

import java.util.List;
import org.mimo4j.engine.ops.OpCatalog.Entry;
import org.mimo4j.engine.tensor.Rng;

/**
 * Catalog entries of conv2d (random stride, padding, dilation and groups) and the pooling ops, with
 * direct-loop double references in NCHW.
 */
final class ConvCatalog {
    private ConvCatalog() {
    }

    static List<Entry> entries() {
        return List.of(
                new Entry("conv2d", ConvCatalog::conv2d),
                new Entry("maxPool2d", r -> pool(r, true, false)),
                new Entry("reluMaxPool2d", r -> pool(r, true, true)),
                new Entry("avgPool2d", r -> pool(r, false, false)),
                new Entry("globalAvgPool", ConvCatalog::globalAvgPool));
    }

    private static OpCase conv2d(Rng r) {
        int groups = 1 + r.nextInt(2);
        int cin = groups * (1 + r.nextInt(2));
        int cout = groups * (1 + r.nextInt(2));
        int kh = 1 + r.nextInt(3);
        int kw = 1 + r.nextInt(3);
        int sh = 1 + r.nextInt(2);
        int sw = 1 + r.nextInt(2);
        int ph = r.nextInt(2);
        int pw = r.nextInt(2);
        int dh = 1 + r.nextInt(2);
        int dw = 1 + r.nextInt(2);
        int h = dh * (kh - 1) + 1 + r.nextInt(3);
        int w = dw * (kw - 1) + 1 + r.nextInt(3);
        int n = 1 + r.nextInt(2);
        boolean bias = r.nextInt(2) == 0;
        int[] xs = {n, cin, h, w};
        int[] ws = {cout, cin / groups, kh, kw};
        int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
        int ow = (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        OpCase c = new OpCase("conv2d").input(xs, Gen.signed(r, xs), true).input(ws, Gen.signed(r, ws), true);
        if (bias) {
            c.input(new int[] {cout}, Gen.signed(r, cout), true);
        }
        int cpg = cin / groups;
        int opg = cout / groups;
        return c.op(t -> F.conv2d(t[0], t[1], bias ? t[2] : null, new int[] {sh, sw}, new int[] {ph, pw},
                new int[] {dh, dw}, groups)).reference(x -> {
                    double[] y = new double[n * cout * oh * ow];
                    for (int b = 0; b < n; b++) {
                        for (int o = 0; o < cout; o++) {
                            int g = o / opg;
                            for (int i = 0; i < oh; i++) {
                                for (int j = 0; j < ow; j++) {
                                    double s = bias ? x[2][o] : 0;
                                    for (int ci = 0; ci < cpg; ci++) {
                                        for (int a = 0; a < kh; a++) {
                                            for (int e = 0; e < kw; e++) {
                                                int iy = i * sh - ph + a * dh;
                                                int ix = j * sw - pw + e * dw;
                                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                                    s += x[0][((b * cin + g * cpg + ci) * h + iy) * w + ix]
                                                            * x[1][((o * cpg + ci) * kh + a) * kw + e];
                                                }
                                            }
                                        }
                                    }
                                    y[((b * cout + o) * oh + i) * ow + j] = s;
                                }
                            }
                        }
                    }
                    return new OpCase.RefOut(y, new int[] {n, cout, oh, ow});
                });
    }

    /** Max (of relu(x) with relu: distinct values kept 0.02 from relu's kink) or average pooling. */
    private static OpCase pool(Rng r, boolean max, boolean relu) {
        int k = 1 + r.nextInt(3);
        int stride = 1 + r.nextInt(2);
        int pad = r.nextInt(k / 2 + 1);
        int[] xs = {1 + r.nextInt(2), 1 + r.nextInt(2), k + r.nextInt(4), k + r.nextInt(3)};
        int oh = (xs[2] + 2 * pad - k) / stride + 1;
        int ow = (xs[3] + 2 * pad - k) / stride + 1;
        String name = relu ? "reluMaxPool2d" : max ? "maxPool2d" : "avgPool2d";
        double[] values = max ? Gen.distinct(r, xs) : Gen.signed(r, xs);
        for (int i = 0; relu && i < values.length; i++) {
            values[i] += Math.copySign(0.02, values[i]);
        }
        return new OpCase(name).input(xs, values, true)
                .op(t -> relu ? F.reluMaxPool2d(t[0], k, stride, pad)
                        : max ? F.maxPool2d(t[0], k, stride, pad) : F.avgPool2d(t[0], k, stride, pad))
                .reference(x -> {
                    int planes = xs[0] * xs[1];
                    double[] y = new double[planes * oh * ow];
                    for (int p = 0; p < planes; p++) {
                        for (int i = 0; i < oh; i++) {
                            for (int j = 0; j < ow; j++) {
                                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                                for (int a = 0; a < k; a++) {
                                    for (int e = 0; e < k; e++) {
                                        int iy = i * stride - pad + a;
                                        int ix = j * stride - pad + e;
                                        if (iy >= 0 && iy < xs[2] && ix >= 0 && ix < xs[3]) {
                                            double v = x[0][(p * xs[2] + iy) * xs[3] + ix];
                                            acc = max ? Math.max(acc, v) : acc + v;
                                        }
                                    }
                                }
                                y[(p * oh + i) * ow + j] = relu ? Math.max(acc, 0) : max ? acc : acc / (k * k);
                            }
                        }
                    }
                    return new OpCase.RefOut(y, new int[] {xs[0], xs[1], oh, ow});
                });
    }

    private static OpCase globalAvgPool(Rng r) {
        int[] xs = Gen.shape(r, 4);
        return new OpCase("globalAvgPool").input(xs, Gen.signed(r, xs), true)
                .op(t -> F.globalAvgPool(t[0]))
                .reference(x -> {
                    int plane = xs[2] * xs[3];
                    double[] y = new double[xs[0] * xs[1]];
                    for (int i = 0; i < y.length; i++) {
                        for (int j = 0; j < plane; j++) {
                            y[i] += x[0][i * plane + j] / plane;
                        }
                    }
                    return new OpCase.RefOut(y, new int[] {xs[0], xs[1]});
                });
    }
}
