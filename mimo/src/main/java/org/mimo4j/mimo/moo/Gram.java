package org.mimo4j.mimo.moo;

import java.util.function.Predicate;

/**
 * The Gram matrices of a bank's rows: G_ij = &lt;g_i, g_j&gt; per parameter group and in total, in
 * double precision. Every method that needs inner products (MGDA, PCGrad, CAGrad, MMPareto, the
 * diagnostics) works from this and never touches the gradients again until it writes the result.
 */
public final class Gram {
    private final int rows;
    private final double[][] perGroup;
    private final double[] total;

    Gram(int rows, double[][] perGroup) {
        this.rows = rows;
        this.perGroup = perGroup;
        this.total = new double[rows * rows];
        for (double[] g : perGroup) {
            for (int i = 0; i < total.length; i++) {
                total[i] += g[i];
            }
        }
    }

    /** Number of rows R (the matrices are R x R). */
    public int rows() {
        return rows;
    }

    /** &lt;g_i, g_j&gt; over all groups. */
    public double get(int i, int j) {
        return total[i * rows + j];
    }

    /** &lt;g_i, g_j&gt; over group p only. */
    public double get(int p, int i, int j) {
        return perGroup[p][i * rows + j];
    }

    /** The total Gram matrix as a row-major R x R copy. */
    public double[] matrix() {
        return total.clone();
    }

    /** The Gram matrix summed over the groups of {@code bank} that {@code which} accepts (row-major). */
    public double[] sumOver(GradientBank bank, Predicate<ParameterGroup> which) {
        double[] s = new double[rows * rows];
        for (int p = 0; p < perGroup.length; p++) {
            if (which.test(bank.group(p))) {
                for (int i = 0; i < s.length; i++) {
                    s[i] += perGroup[p][i];
                }
            }
        }
        return s;
    }

    /**
     * Throws a {@link NonFiniteGradientException} naming the row and group of the first gradient
     * block whose squared norm is not finite (a NaN or Inf element, or an overflowing norm).
     */
    void requireFinite(GradientBank bank) {
        for (int p = 0; p < perGroup.length; p++) {
            for (int r = 0; r < rows; r++) {
                if (!Double.isFinite(perGroup[p][r * rows + r])) {
                    throw NonFiniteGradientException.inBlock(bank, r, p);
                }
            }
        }
    }
}
