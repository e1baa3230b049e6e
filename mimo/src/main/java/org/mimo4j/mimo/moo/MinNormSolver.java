package org.mimo4j.mimo.moo;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The min-norm element of the convex hull of K vectors given only their Gram matrix G:
 * λ* = argmin_{λ ∈ Δ_K} λᵀGλ (Sener and Koltun 2018), by Frank-Wolfe with exact line search.
 *
 * <p>Two vectors (a = ||v1||², b = &lt;v1,v2&gt;, c = ||v2||²) have a closed form: the weight on v1 is
 * t = clamp((c − b) / (a + c − 2b), 0, 1). For K > 2 the solver starts from the best pair, then
 * repeatedly moves towards the vertex e_i with the smallest (Gλ)_i, using the two-vector formula on
 * (λᵀGλ, (Gλ)_i, G_ii) as the exact line search; it stops when the L1 change of λ is below the
 * tolerance or at the iteration cap, and reports how many iterations it ran. Each iteration is O(K²).
 */
final class MinNormSolver {
    /** The optional clamp of the published code, which never lets a weight reach 0 or 1 exactly. */
    static final double REFERENCE_LOW = 0.001;

    /** λ, the number of Frank-Wolfe iterations run, and the squared norm λᵀGλ. */
    record Solution(double[] lambda, int iterations, double value) {
    }

    private MinNormSolver() {
    }

    /**
     * Weight t on v1 minimising ||t v1 + (1 − t) v2||²; with {@code referenceClamp} the boundary
     * answers are 0.999/0.001 as in the published code instead of 1/0.
     */
    static double twoVector(double a, double b, double c, boolean referenceClamp) {
        if (b >= a) {
            return referenceClamp ? 1 - REFERENCE_LOW : 1;
        }
        if (b >= c) {
            return referenceClamp ? REFERENCE_LOW : 0;
        }
        return (c - b) / (a + c - 2 * b);
    }

    /** Minimises λᵀGλ over the simplex; {@code gram} is K x K row-major. */
    static Solution solve(double[] gram, int k, int maxIterations, double tolerance, boolean referenceClamp) {
        DMatrixRMaj g = DMatrixRMaj.wrap(k, k, gram.clone());
        double[] lambda = bestPair(g, k, referenceClamp);
        if (k <= 2) {
            return new Solution(lambda, 0, quadratic(g, lambda));
        }
        DMatrixRMaj l = DMatrixRMaj.wrap(k, 1, lambda);
        DMatrixRMaj gl = new DMatrixRMaj(k, 1);
        int iterations = 0;
        while (iterations < maxIterations) {
            iterations++;
            CommonOps_DDRM.mult(g, l, gl);
            int vertex = argmin(gl.data);
            double t = twoVector(dot(lambda, gl.data), gl.data[vertex], g.get(vertex, vertex), referenceClamp);
            double change = 0;
            for (int i = 0; i < k; i++) {
                double next = t * lambda[i] + (i == vertex ? 1 - t : 0);
                change += Math.abs(next - lambda[i]);
                lambda[i] = next;
            }
            if (change < tolerance) {
                break;
            }
        }
        return new Solution(lambda, iterations, quadratic(g, lambda));
    }

    /** The two-vector solution of the pair (i, j) with the smallest norm, as a point of Δ_K. */
    private static double[] bestPair(DMatrixRMaj g, int k, boolean referenceClamp) {
        double[] best = new double[k];
        if (k == 1) {
            best[0] = 1;
            return best;
        }
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                double a = g.get(i, i);
                double b = g.get(i, j);
                double c = g.get(j, j);
                double t = twoVector(a, b, c, referenceClamp);
                double value = t * t * a + 2 * t * (1 - t) * b + (1 - t) * (1 - t) * c;
                if (value < bestValue) {
                    bestValue = value;
                    java.util.Arrays.fill(best, 0);
                    best[i] = t;
                    best[j] = 1 - t;
                }
            }
        }
        return best;
    }

    private static int argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double quadratic(DMatrixRMaj g, double[] x) {
        double s = 0;
        int k = x.length;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                s += x[i] * g.get(i, j) * x[j];
            }
        }
        return s;
    }
}
