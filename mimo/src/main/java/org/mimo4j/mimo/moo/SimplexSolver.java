package org.mimo4j.mimo.moo;

import java.util.Arrays;

/**
 * CAGrad's small dual problem: w* = argmin_{w ∈ Δ_K} wᵀb + c·sqrt(wᵀGw) with b = G·1/K, solved by
 * projected gradient descent with a backtracking (Armijo) step on the simplex. The objective is
 * convex; G is rescaled by its largest diagonal entry first (the minimiser does not change) so one
 * step-size schedule fits every gradient scale. O(K²) per iteration.
 */
final class SimplexSolver {
    static final int MAX_ITERATIONS = 2000;
    static final double TOLERANCE = 1e-12;
    /** Keeps sqrt differentiable where g_w = 0. */
    private static final double EPS = 1e-16;

    /** w and the iterations used. */
    record Solution(double[] w, int iterations) {
    }

    private SimplexSolver() {
    }

    /** Solves CAGrad's problem for a K x K row-major Gram and radius c = α·||g_avg||. */
    static Solution caGrad(double[] gram, int k, double alpha) {
        double scale = 0;
        for (int i = 0; i < k; i++) {
            scale = Math.max(scale, gram[i * k + i]);
        }
        double[] w = new double[k];
        Arrays.fill(w, 1.0 / k);
        if (scale == 0) {
            return new Solution(w, 0);
        }
        double[] g = new double[k * k];
        for (int i = 0; i < g.length; i++) {
            g[i] = gram[i] / scale;
        }
        double[] b = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                b[i] += g[i * k + j] / k;
            }
            total += b[i];
        }
        double c = alpha * Math.sqrt(Math.max(0, total / k));
        return descend(g, b, c, w);
    }

    private static Solution descend(double[] g, double[] b, double c, double[] w) {
        int k = w.length;
        double step = 1;
        double value = objective(g, b, c, w);
        int it = 0;
        while (it < MAX_ITERATIONS) {
            it++;
            double[] grad = gradient(g, b, c, w);
            double[] next;
            double nextValue;
            double moved;
            while (true) {
                next = new double[k];
                for (int i = 0; i < k; i++) {
                    next[i] = w[i] - step * grad[i];
                }
                project(next);
                double linear = 0;
                moved = 0;
                for (int i = 0; i < k; i++) {
                    double dx = next[i] - w[i];
                    linear += grad[i] * dx;
                    moved += dx * dx;
                }
                nextValue = objective(g, b, c, next);
                if (nextValue <= value + linear + moved / (2 * step) || step < 1e-20) {
                    break;
                }
                step /= 2;
            }
            w = next;
            value = nextValue;
            step *= 2;
            if (Math.sqrt(moved) < TOLERANCE) {
                break;
            }
        }
        return new Solution(w, it);
    }

    static double objective(double[] g, double[] b, double c, double[] w) {
        int k = w.length;
        double lin = 0;
        double quad = 0;
        for (int i = 0; i < k; i++) {
            lin += w[i] * b[i];
            for (int j = 0; j < k; j++) {
                quad += w[i] * g[i * k + j] * w[j];
            }
        }
        return lin + c * Math.sqrt(Math.max(0, quad) + EPS);
    }

    private static double[] gradient(double[] g, double[] b, double c, double[] w) {
        int k = w.length;
        double[] gw = new double[k];
        double quad = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                gw[i] += g[i * k + j] * w[j];
            }
            quad += w[i] * gw[i];
        }
        double norm = Math.sqrt(Math.max(0, quad) + EPS);
        double[] grad = new double[k];
        for (int i = 0; i < k; i++) {
            grad[i] = b[i] + c * gw[i] / norm;
        }
        return grad;
    }

    /** Euclidean projection onto the probability simplex, in place (sort-based, Duchi et al. 2008). */
    static void project(double[] v) {
        double[] u = v.clone();
        Arrays.sort(u);
        double cumulative = 0;
        double theta = 0;
        for (int i = u.length - 1; i >= 0; i--) {
            cumulative += u[i];
            double t = (cumulative - 1) / (u.length - i);
            if (i == 0 || u[i - 1] <= t) {
                theta = t;
                break;
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i] - theta);
        }
    }
}
