package org.mimo4j.engine.ops;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Plain-double building blocks of the catalog's reference implementations. Index arithmetic here is
 * written independently of the engine's (unravel/ravel by division), so a bug there is not mirrored.
 */
public final class Ref {
    private Ref() {
    }

    public static double[] map(double[] x, DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }

    public static int numel(int[] shape) {
        return Gen.numel(shape);
    }

    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    public static int ravel(int[] idx, int[] shape) {
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            flat = flat * shape[d] + idx[d];
        }
        return flat;
    }

    public static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int da = i <= a.length ? a[a.length - i] : 1;
            int db = i <= b.length ? b[b.length - i] : 1;
            out[rank - i] = Math.max(da, db);
        }
        return out;
    }

    /** Reads x (shape {@code from}) at every index of the broadcast shape {@code to}. */
    public static double[] broadcast(double[] x, int[] from, int[] to) {
        double[] y = new double[numel(to)];
        int lead = to.length - from.length;
        for (int i = 0; i < y.length; i++) {
            int[] idx = unravel(i, to);
            int[] src = new int[from.length];
            for (int d = 0; d < from.length; d++) {
                src[d] = from[d] == 1 ? 0 : idx[d + lead];
            }
            y[i] = x[ravel(src, from)];
        }
        return y;
    }

    public static OpCase.RefOut zip(double[] a, int[] as, double[] b, int[] bs, DoubleBinaryOperator f) {
        int[] s = broadcastShape(as, bs);
        double[] x = broadcast(a, as, s);
        double[] y = broadcast(b, bs, s);
        double[] r = new double[x.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(x[i], y[i]);
        }
        return new OpCase.RefOut(r, s);
    }

    /** Reduction kinds for {@link #reduce}. */
    public enum Kind { SUM, MEAN, MAX }

    /** Sum, mean or max of x over {@code axes} (all when empty). */
    public static OpCase.RefOut reduce(double[] x, int[] shape, int[] axes, boolean keepdim, Kind kind) {
        boolean[] red = new boolean[shape.length];
        for (int a : axes) {
            red[a < 0 ? a + shape.length : a] = true;
        }
        if (axes.length == 0) {
            java.util.Arrays.fill(red, true);
        }
        int[] kept = new int[shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            kept[d] = red[d] ? 1 : shape[d];
            rank += red[d] ? 0 : 1;
        }
        double[] acc = new double[numel(kept)];
        int[] count = new int[acc.length];
        for (int i = 0; i < x.length; i++) {
            int[] idx = unravel(i, shape);
            for (int d = 0; d < idx.length; d++) {
                idx[d] = red[d] ? 0 : idx[d];
            }
            int o = ravel(idx, kept);
            acc[o] = kind == Kind.MAX ? (count[o] == 0 ? x[i] : Math.max(acc[o], x[i])) : acc[o] + x[i];
            count[o]++;
        }
        if (kind == Kind.MEAN) {
            for (int o = 0; o < acc.length; o++) {
                acc[o] /= count[o];
            }
        }
        int[] out = new int[rank];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (!red[d]) {
                out[j++] = shape[d];
            }
        }
        return new OpCase.RefOut(acc, keepdim ? kept : out);
    }

    /** Softmax (or log-softmax) of each row of a [rows, len] array. */
    public static double[] softmaxRows(double[] x, int len, boolean log) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length / len; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
                max = Math.max(max, x[r * len + j]);
            }
            double sum = 0;
            for (int j = 0; j < len; j++) {
                sum += Math.exp(x[r * len + j] - max);
            }
            for (int j = 0; j < len; j++) {
                double v = x[r * len + j] - max - Math.log(sum);
                y[r * len + j] = log ? v : Math.exp(v);
            }
        }
        return y;
    }

    /** Moves axis {@code axis} of x to the end: returns the permuted values (for row-wise references). */
    public static double[] moveAxisLast(double[] x, int[] shape, int axis) {
        int[] perm = new int[shape.length];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (d != axis) {
                perm[j++] = d;
            }
        }
        perm[shape.length - 1] = axis;
        return permute(x, shape, perm);
    }

    /** Inverse of {@link #moveAxisLast}. */
    public static double[] moveLastAxisTo(double[] y, int[] shape, int axis) {
        int[] moved = new int[shape.length];
        int[] perm = new int[shape.length];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (d != axis) {
                moved[j++] = shape[d];
            }
        }
        moved[shape.length - 1] = shape[axis];
        for (int d = 0, j = 0; d < shape.length; d++) {
            perm[d] = d == axis ? shape.length - 1 : j++;
        }
        return permute(y, moved, perm);
    }

    /** out[idx] = x[idx permuted back]: output axis d is input axis perm[d]. */
    public static double[] permute(double[] x, int[] shape, int[] perm) {
        int[] out = new int[shape.length];
        for (int d = 0; d < perm.length; d++) {
            out[d] = shape[perm[d]];
        }
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            int[] o = unravel(i, out);
            int[] src = new int[shape.length];
            for (int d = 0; d < perm.length; d++) {
                src[perm[d]] = o[d];
            }
            y[i] = x[ravel(src, shape)];
        }
        return y;
    }

    public static int[] permuteShape(int[] shape, int[] perm) {
        int[] out = new int[shape.length];
        for (int d = 0; d < perm.length; d++) {
            out[d] = shape[perm[d]];
        }
        return out;
    }
}
