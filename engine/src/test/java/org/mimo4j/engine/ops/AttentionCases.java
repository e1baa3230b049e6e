package org.mimo4j.engine.ops;

import org.mimo4j.engine.tensor.Rng;

/**
 * Catalog cases of scaled dot-product attention over [..., s, d] inputs, with and without an additive
 * mask of 0 and -infinity (every row keeps at least one position), and a double reference.
 */
final class AttentionCases {
    private AttentionCases() {
    }

    static OpCase attention(Rng r) {
        int[] lead = Gen.shape(r, 1 + r.nextInt(2));
        int sq = 1 + r.nextInt(4);
        int sk = 1 + r.nextInt(4);
        int d = 1 + r.nextInt(4);
        int dv = 1 + r.nextInt(3);
        boolean masked = r.nextInt(2) == 0;
        int[] qs = with(lead, sq, d);
        int[] ks = with(lead, sk, d);
        int[] vs = with(lead, sk, dv);
        int[] ms = {sq, sk};
        double[] mask = new double[sq * sk];
        for (int i = 0; i < sq; i++) {
            int keep = r.nextInt(sk);
            for (int j = 0; j < sk; j++) {
                mask[i * sk + j] = j == keep || r.nextInt(2) == 0 ? 0 : Double.NEGATIVE_INFINITY;
            }
        }
        double scale = 1 / Math.sqrt(d);
        return new OpCase("attention")
                .input(qs, Gen.signed(r, qs), true)
                .input(ks, Gen.signed(r, ks), true)
                .input(vs, Gen.signed(r, vs), true)
                .op(t -> F.attention(t[0], t[1], t[2], masked ? NnCatalog.constant(mask, ms) : null))
                .reference(x -> {
                    int batch = Ref.numel(lead);
                    double[] out = new double[batch * sq * dv];
                    for (int b = 0; b < batch; b++) {
                        double[] scores = new double[sq * sk];
                        for (int i = 0; i < sq; i++) {
                            for (int j = 0; j < sk; j++) {
                                double s = 0;
                                for (int c = 0; c < d; c++) {
                                    s += x[0][(b * sq + i) * d + c] * x[1][(b * sk + j) * d + c];
                                }
                                scores[i * sk + j] = scale * s + (masked ? mask[i * sk + j] : 0);
                            }
                        }
                        double[] p = Ref.softmaxRows(scores, sk, false);
                        for (int i = 0; i < sq; i++) {
                            for (int c = 0; c < dv; c++) {
                                double s = 0;
                                for (int j = 0; j < sk; j++) {
                                    s += p[i * sk + j] * x[2][(b * sk + j) * dv + c];
                                }
                                out[(b * sq + i) * dv + c] = s;
                            }
                        }
                    }
                    return new OpCase.RefOut(out, with(lead, sq, dv));
                });
    }


    private static int[] with(int[] lead, int rows, int cols) {
        int[] s = java.util.Arrays.copyOf(lead, lead.length + 2);
        s[lead.length] = rows;
        s[lead.length + 1] = cols;
        return s;
    }
}
