package org.mimo4j.kernels;

import org.mimo4j.engine.backend.AttentionShape;

/**
 * Defensive entry checks for {@link ClBackend}: a wrong size or an aliased output is reported naming
 * the argument, before anything reaches the device (where it would read garbage or crash the driver).
 */
final class ClChecks {
    private ClChecks() {
    }

    /** Floats spanned by {@code batch} matrices of rows x cols with leading dimension ld, stride apart. */
    static long span(int rows, int cols, int ld, long stride, int batch) {
        if (rows == 0 || cols == 0 || batch == 0) {
            return 0;
        }
        return (batch - 1) * stride + (long) (rows - 1) * ld + cols;
    }

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, long strideA,
                      float[] b, int bOff, int ldb, long strideB, float[] c, int cOff, int ldc, long strideC,
                      int batch) {
        sgemmSizes(transA, transB, m, n, k, lengthOf(a), aOff, lda, strideA, lengthOf(b), bOff, ldb, strideB,
                lengthOf(c), cOff, ldc, strideC, batch);
        if (c == a || c == b) {
            throw new IllegalArgumentException("sgemm output c must not alias input " + (c == a ? "a" : "b"));
        }
    }

    /** The sgemm checks on operands of the given lengths (-1 for a missing one). */
    static void sgemmSizes(boolean transA, boolean transB, int m, int n, int k, long aLen, int aOff, int lda,
                           long strideA, long bLen, int bOff, int ldb, long strideB, long cLen, int cOff, int ldc,
                           long strideC, int batch) {
        if (m < 0 || n < 0 || k < 0 || batch < 0) {
            throw new IllegalArgumentException("sgemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k
                    + " batch=" + batch);
        }
        operand("a", aLen, aOff, transA ? k : m, transA ? m : k, lda, strideA, batch);
        operand("b", bLen, bOff, transB ? n : k, transB ? k : n, ldb, strideB, batch);
        operand("c", cLen, cOff, m, n, ldc, strideC, batch);
    }

    private static long lengthOf(float[] x) {
        return x == null ? -1 : x.length;
    }

    private static void operand(String name, long have, int off, int rows, int cols, int ld, long stride, int batch) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("sgemm: ld" + name + "=" + ld + " is smaller than the " + cols
                    + " columns " + name + " is stored with");
        }
        if (off < 0 || stride < 0) {
            throw new IllegalArgumentException("sgemm: " + name + " offset " + off + " and stride " + stride
                    + " must be >= 0");
        }
        long need = off + span(rows, cols, ld, batch == 1 ? 0 : stride, batch);
        if (have < need) {
            throw new IllegalArgumentException("sgemm: " + name + " needs " + need + " floats (" + batch + " x "
                    + rows + "x" + cols + ", ld " + ld + ", stride " + stride + ", offset " + off + ") but has "
                    + (have < 0 ? "null" : have));
        }
    }

    static void length(String op, String name, float[] x, long need) {
        if (x == null || x.length < need) {
            throw new IllegalArgumentException(op + ": " + name + " needs " + need + " floats but has "
                    + (x == null ? "null" : x.length));
        }
    }

    static void distinct(String op, String outName, float[] out, String[] names, float[]... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (out == inputs[i]) {
                throw new IllegalArgumentException(op + ": output " + outName + " must not alias input " + names[i]);
            }
        }
    }

    static void conv(String op, float[] in1, String n1, long need1, float[] in2, String n2,
                     long need2, float[] out, String nOut, long needOut) {
        length(op, n1, in1, need1);
        length(op, n2, in2, need2);
        length(op, nOut, out, needOut);
        distinct(op, nOut, out, new String[] {n1, n2}, in1, in2);
    }

    static void attention(AttentionShape s, float[] q, float[] k, float[] v) {
        length("attention", "q", q, (long) s.batch() * s.seqQ() * s.dim());
        length("attention", "k", k, (long) s.batch() * s.seqK() * s.dim());
        length("attention", "v", v, (long) s.batch() * s.seqK() * s.dimV());
    }
}
