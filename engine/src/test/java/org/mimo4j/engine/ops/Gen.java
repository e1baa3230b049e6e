package org.mimo4j.engine.ops;

import org.mimo4j.engine.tensor.Rng;

/**
 * Random inputs for the op catalog: small shapes that include size-1 and odd sizes, broadcast
 * partners of a shape, and values that are never zero (and kept off the kinks of non-smooth ops).
 */
public final class Gen {
    private Gen() {
    }

    /** A shape of the given rank with sizes in [1, 5]. */
    public static int[] shape(Rng r, int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = 1 + r.nextInt(5);
        }
        return s;
    }

    /** A shape that broadcasts to {@code s}: some axes set to 1, maybe some leading axes dropped. */
    public static int[] broadcastPartner(Rng r, int[] s) {
        int drop = r.nextInt(s.length + 1);
        int[] p = new int[s.length - drop];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextInt(3) == 0 ? 1 : s[i + drop];
        }
        return p;
    }

    public static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Values with magnitude in [0.1, 1.1] and random sign: never zero, never near a kink at 0. */
    public static double[] signed(Rng r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (0.1 + r.nextDouble()) * (r.nextInt(2) == 0 ? -1 : 1);
        }
        return v;
    }

    public static double[] signed(Rng r, int[] shape) {
        return signed(r, numel(shape));
    }

    /** Values in [lo, hi). */
    public static double[] uniform(Rng r, int[] shape, double lo, double hi) {
        double[] v = new double[numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    /** Distinct values (a shuffled ladder with spacing 0.05 plus jitter), so a maximum is never a near tie. */
    public static double[] distinct(Rng r, int[] shape) {
        int n = numel(shape);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        r.shuffle(order);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (order[i] - n / 2.0) * 0.05 + 0.01 * r.nextDouble();
        }
        return v;
    }

    /** Random labels in [0, classes). */
    public static int[] labels(Rng r, int n, int classes) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = r.nextInt(classes);
        }
        return l;
    }
}
