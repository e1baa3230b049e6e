package org.mimo4j.mimo.moo;

import java.util.ArrayList;
import java.util.List;

/**
 * How the gradient rows look on one encoder's parameters: their norms and pairwise cosines, the
 * quantities plotted to see modality imbalance and gradient conflict.
 *
 * @param modality encoder index m (1..M)
 * @param norms    ||g_r|| restricted to encoder m, per bank row r
 * @param cosines  R x R row-major cosines (0 where a norm is 0)
 */
public record EncoderGeometry(int modality, double[] norms, double[] cosines) {

    /** cos(g_i, g_j) on this encoder. */
    public double cosine(int i, int j) {
        return cosines[i * norms.length + j];
    }

    /** One entry per encoder of the bank that has groups in it, from a Gram already computed. */
    static List<EncoderGeometry> of(Gram gram, GradientBank bank) {
        int r = gram.rows();
        List<EncoderGeometry> out = new ArrayList<>();
        for (int m = 1; m <= bank.modalities(); m++) {
            int mm = m;
            if (bank.groups().stream().noneMatch(p -> p.isEncoderOf(mm))) {
                continue;
            }
            double[] g = gram.sumOver(bank, p -> p.isEncoderOf(mm));
            double[] norms = new double[r];
            for (int i = 0; i < r; i++) {
                norms[i] = Math.sqrt(Math.max(0, g[i * r + i]));
            }
            double[] cos = new double[r * r];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    double n = norms[i] * norms[j];
                    cos[i * r + j] = n > 0 ? g[i * r + j] / n : 0;
                }
            }
            out.add(new EncoderGeometry(m, norms, cos));
        }
        return out;
    }
}
