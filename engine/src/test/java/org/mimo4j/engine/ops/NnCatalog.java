package org.mimo4j.engine.ops;

import java.util.List;
import org.mimo4j.engine.ops.OpCatalog.Entry;
import org.mimo4j.engine.ops.nn.Reduction;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/** Catalog entries of the neural-network ops other than convolution and pooling. */
final class NnCatalog {
    private NnCatalog() {
    }

    static List<Entry> entries() {
        return List.of(
                new Entry("linear", NnCatalog::linear),
                new Entry("softmax", r -> softmax(r, false)),
                new Entry("logSoftmax", r -> softmax(r, true)),
                new Entry("crossEntropy", NnCatalog::crossEntropy),
                new Entry("dropout", NnCatalog::dropout),
                new Entry("embedding", NnCatalog::embedding),
                new Entry("layerNorm", NormCases::layerNorm),
                new Entry("batchNorm", r -> NormCases.batchNorm(r, true)),
                new Entry("batchNormEval", r -> NormCases.batchNorm(r, false)),
                new Entry("attention", AttentionCases::attention));
    }

    private static OpCase linear(Rng r) {
        int in = 1 + r.nextInt(6);
        int out = 1 + r.nextInt(5);
        int[] xs = r.nextInt(2) == 0 ? new int[] {1 + r.nextInt(4), in} : new int[] {2, 1 + r.nextInt(3), in};
        boolean bias = r.nextInt(3) != 0;
        int[] ws = {out, in};
        OpCase c = new OpCase("linear").input(xs, Gen.signed(r, xs), true).input(ws, Gen.signed(r, ws), true);
        if (bias) {
            c.input(new int[] {out}, Gen.signed(r, out), true);
        }
        int rows = Ref.numel(xs) / in;
        int[] ys = xs.clone();
        ys[ys.length - 1] = out;
        return c.op(t -> F.linear(t[0], t[1], bias ? t[2] : null)).reference(x -> {
            double[] y = new double[rows * out];
            for (int i = 0; i < rows; i++) {
                for (int o = 0; o < out; o++) {
                    double s = bias ? x[2][o] : 0;
                    for (int j = 0; j < in; j++) {
                        s += x[0][i * in + j] * x[1][o * in + j];
                    }
                    y[i * out + o] = s;
                }
            }
            return new OpCase.RefOut(y, ys);
        });
    }

    private static OpCase softmax(Rng r, boolean log) {
        int[] s = Gen.shape(r, 1 + r.nextInt(3));
        int axis = r.nextInt(s.length);
        String name = log ? "logSoftmax" : "softmax";
        return new OpCase(name).input(s, Gen.uniform(r, s, -3, 3), true)
                .op(t -> log ? F.logSoftmax(t[0], axis) : F.softmax(t[0], axis))
                .reference(x -> {
                    double[] moved = Ref.moveAxisLast(x[0], s, axis);
                    double[] y = Ref.softmaxRows(moved, s[axis], log);
                    return new OpCase.RefOut(Ref.moveLastAxisTo(y, s, axis), s);
                });
    }

    private static OpCase crossEntropy(Rng r) {
        int n = 1 + r.nextInt(5);
        int classes = 2 + r.nextInt(5);
        int[] labels = Gen.labels(r, n, classes);
        Reduction red = r.nextInt(2) == 0 ? Reduction.MEAN : Reduction.SUM;
        float smoothing = r.nextInt(2) == 0 ? 0f : 0.1f;
        int[] s = {n, classes};
        return new OpCase("crossEntropy").input(s, Gen.uniform(r, s, -3, 3), true)
                .op(t -> F.crossEntropy(t[0], labels, red, smoothing))
                .reference(x -> {
                    double[] lp = Ref.softmaxRows(x[0], classes, true);
                    double loss = 0;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < classes; j++) {
                            double q = smoothing / (double) classes + (j == labels[i] ? 1 - (double) smoothing : 0);
                            loss -= q * lp[i * classes + j];
                        }
                    }
                    return new OpCase.RefOut(new double[] {red == Reduction.MEAN ? loss / n : loss}, new int[0]);
                });
    }

    private static OpCase dropout(Rng r) {
        int[] s = Gen.shape(r, 1 + r.nextInt(3));
        long seed = r.nextLong();
        float p = 0.3f;
        return new OpCase("dropout").input(s, Gen.signed(r, s), true)
                .op(t -> F.dropout(t[0], p, true, new Rng(seed)))
                .reference(x -> {
                    Rng mask = new Rng(seed);
                    double keep = 1f / (1 - p);
                    return new OpCase.RefOut(Ref.map(x[0], v -> mask.nextFloat() < p ? 0 : v * keep), s);
                });
    }

    private static OpCase embedding(Rng r) {
        int vocab = 1 + r.nextInt(6);
        int dim = 1 + r.nextInt(4);
        int[] idShape = Gen.shape(r, 1 + r.nextInt(2));
        int[] ids = Gen.labels(r, Ref.numel(idShape), vocab);
        int[] ws = {vocab, dim};
        int[] out = java.util.Arrays.copyOf(idShape, idShape.length + 1);
        out[idShape.length] = dim;
        return new OpCase("embedding").input(ws, Gen.signed(r, ws), true)
                .op(t -> F.embedding(t[0], ids, idShape))
                .reference(x -> {
                    double[] y = new double[ids.length * dim];
                    for (int i = 0; i < ids.length; i++) {
                        System.arraycopy(x[0], ids[i] * dim, y, i * dim, dim);
                    }
                    return new OpCase.RefOut(y, out);
                });
    }

    /** Float tensor of doubles, for ops that take extra constant tensors. */
    static Tensor constant(double[] v, int... shape) {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(f, shape);
    }
}
