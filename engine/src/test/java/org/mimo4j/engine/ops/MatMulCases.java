package org.mimo4j.engine.ops;

import org.mimo4j.engine.tensor.Rng;

/**
 * Catalog cases of matmul: plain 2-d, batched with broadcast batch axes (either side) and 1-d
 * operands (vector-matrix, matrix-vector and the dot product of two vectors), with a double
 * reference written as the textbook triple loop per batch element.
 */
final class MatMulCases {
    private MatMulCases() {
    }

    static OpCase matmul(Rng r) {
        int m = 1 + r.nextInt(5);
        int k = 1 + r.nextInt(6);
        int n = 1 + r.nextInt(5);
        int kind = r.nextInt(4);
        int[] batch = Gen.shape(r, 1 + r.nextInt(2));
        int[] partner = Gen.broadcastPartner(r, batch);
        int[] as;
        int[] bs;
        switch (kind) {
            case 0 -> {
                as = new int[] {m, k};
                bs = new int[] {k, n};
            }
            case 1 -> {
                as = concat(batch, m, k);
                bs = concat(partner, k, n);
            }
            case 2 -> {
                as = concat(partner, m, k);
                bs = concat(batch, k, n);
            }
            default -> {
                int vectors = r.nextInt(3);
                as = vectors != 1 ? new int[] {k} : concat(batch, m, k);
                bs = vectors == 0 ? concat(batch, k, n) : new int[] {k};
            }
        }
        return new OpCase("matmul")
                .input(as, Gen.signed(r, as), true)
                .input(bs, Gen.signed(r, bs), true)
                .op(t -> t[0].matmul(t[1]))
                .reference(x -> reference(x[0], as, x[1], bs));
    }

    private static int[] concat(int[] batch, int rows, int cols) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }

    static OpCase.RefOut reference(double[] a, int[] as0, double[] b, int[] bs0) {
        int[] as = as0.length == 1 ? new int[] {1, as0[0]} : as0;
        int[] bs = bs0.length == 1 ? new int[] {bs0[0], 1} : bs0;
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        int[] ab = java.util.Arrays.copyOf(as, as.length - 2);
        int[] bb = java.util.Arrays.copyOf(bs, bs.length - 2);
        int[] batch = Ref.broadcastShape(ab, bb);
        int count = Ref.numel(batch);
        double[] aFull = Ref.broadcast(a, as, concat(batch, m, k));
        double[] bFull = Ref.broadcast(b, bs, concat(batch, k, n));
        double[] c = new double[count * m * n];
        for (int p = 0; p < count; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        s += aFull[(p * m + i) * k + q] * bFull[(p * k + q) * n + j];
                    }
                    c[(p * m + i) * n + j] = s;
                }
            }
        }
        int[] out = batch;
        if (as0.length > 1) {
            out = java.util.Arrays.copyOf(out, out.length + 1);
            out[out.length - 1] = m;
        }
        if (bs0.length > 1) {
            out = java.util.Arrays.copyOf(out, out.length + 1);
            out[out.length - 1] = n;
        }
        return new OpCase.RefOut(c, out);
    }
}
