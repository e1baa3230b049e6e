package org.mimo4j.mimo.moo;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.mimo4j.engine.ops.VectorApi;

/**
 * The O(R²·d) Gram pass: all R(R+1)/2 inner products of a bank's rows, per parameter group.
 *
 * <p>Why tiled: the pass is bound by memory bandwidth, so each gradient must come from DRAM once.
 * The scalars are walked in tiles of {@link #TILE} floats; inside a tile the rows are taken in blocks
 * of four, and each block pair runs as one register-resident micro-kernel (the triangle of a block
 * with itself, or a block against an earlier one), so one load of a row's vector feeds up to four
 * FMAs and a tile of R ≤ 4 rows is a single pass. Lanes accumulate in float within a tile (at most
 * TILE / lanes products each) and tile sums are added in double, which keeps the relative error near
 * float epsilon for any d. Chunks ({@link Chunks}) run in parallel, each into an array its own thread
 * allocates (no shared cache lines); partials reduce in chunk order.
 */
public final class GramKernel {
    static final int TILE = 2048;
    private static final int BLOCK = 4;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private GramKernel() {
    }

    /** The Gram matrices of all rows of {@code bank}, computed on {@code workers}. */
    public static Gram compute(GradientBank bank, Workers workers) {
        int rows = bank.rows();
        Chunks chunks = new Chunks(bank);
        double[][] partial = new double[chunks.count()][];
        chunks.run(workers, c -> {
            float[][] blocks = new float[rows][];
            for (int r = 0; r < rows; r++) {
                blocks[r] = bank.block(r, chunks.group[c]);
            }
            double[] acc = new double[rows * (rows + 1) / 2];
            accumulate(blocks, chunks.start[c], chunks.end[c], acc);
            partial[c] = acc;
        });
        double[][] perGroup = new double[bank.groupCount()][rows * rows];
        for (int c = 0; c < chunks.count(); c++) {
            double[] g = perGroup[chunks.group[c]];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j <= i; j++) {
                    g[i * rows + j] += partial[c][i * (i + 1) / 2 + j];
                }
            }
        }
        for (double[] g : perGroup) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < i; j++) {
                    g[j * rows + i] = g[i * rows + j];
                }
            }
        }
        return new Gram(rows, perGroup);
    }

    /** Adds the packed lower-triangle inner products of {@code blocks} over [start, end) to {@code acc}. */
    static void accumulate(float[][] blocks, int start, int end, double[] acc) {
        float[] lanes = new float[S.length()];
        for (int ts = start; ts < end; ts += TILE) {
            int te = Math.min(end, ts + TILE);
            int vectorEnd = ts + S.loopBound(te - ts);
            for (int i0 = 0; i0 < blocks.length; i0 += BLOCK) {
                int size = Math.min(BLOCK, blocks.length - i0);
                triangle(blocks, i0, size, ts, vectorEnd, acc, lanes);
                for (int j0 = 0; j0 < i0; j0 += BLOCK) {
                    rectangle(blocks, i0, size, j0, ts, vectorEnd, acc, lanes);
                }
            }
            scalarTail(blocks, vectorEnd, te, acc);
        }
    }

    /** Pairs (i, j ≤ i) inside the block of {@code size} rows starting at {@code i0}. */
    private static void triangle(float[][] b, int i0, int size, int from, int to, double[] acc, float[] lanes) {
        switch (size) {
            case 1 -> acc[packed(i0, i0)] += dot1(b[i0], b[i0], from, to, lanes);
            case 2 -> triangle2(b[i0], b[i0 + 1], from, to, acc, i0, lanes);
            case 3 -> triangle3(b[i0], b[i0 + 1], b[i0 + 2], from, to, acc, i0, lanes);
            default -> triangle4(b[i0], b[i0 + 1], b[i0 + 2], b[i0 + 3], from, to, acc, i0, lanes);
        }
    }

    /** Pairs of the block of {@code size} rows at {@code i0} with the full block at {@code j0 < i0}. */
    private static void rectangle(float[][] b, int i0, int size, int j0, int from, int to, double[] acc,
                                  float[] lanes) {
        if (size == BLOCK) {
            rectangle4x4(b[i0], b[i0 + 1], b[i0 + 2], b[i0 + 3], b[j0], b[j0 + 1], b[j0 + 2], b[j0 + 3],
                    from, to, acc, i0, j0, lanes);
            return;
        }
        for (int i = i0; i < i0 + size; i++) {
            dot4(b[i], b[j0], b[j0 + 1], b[j0 + 2], b[j0 + 3], from, to, acc, packed(i, j0), lanes);
        }
    }

    /** All pairs over the last, shorter-than-a-vector part [from, to) of a tile, in double. */
    private static void scalarTail(float[][] b, int from, int to, double[] acc) {
        for (int k = from; k < to; k++) {
            int at = 0;
            for (int i = 0; i < b.length; i++) {
                double x = b[i][k];
                for (int j = 0; j <= i; j++) {
                    acc[at++] += x * b[j][k];
                }
            }
        }
    }

    /** Index of pair (i, j ≤ i) in the packed lower triangle. */
    private static int packed(int i, int j) {
        return i * (i + 1) / 2 + j;
    }

    // The micro-kernels below run over [from, to), a whole number of vectors. Each keeps all its
    // accumulators in registers (at most 16 of 32 with AVX-512) and loads every row's vector once.

    private static double dot1(float[] a, float[] b, int from, int to, float[] lanes) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        int l = S.length();
        int k = from;
        for (; k + 2 * l <= to; k += 2 * l) {
            s0 = FloatVector.fromArray(S, a, k).fma(FloatVector.fromArray(S, b, k), s0);
            s1 = FloatVector.fromArray(S, a, k + l).fma(FloatVector.fromArray(S, b, k + l), s1);
        }
        if (k < to) {
            s0 = FloatVector.fromArray(S, a, k).fma(FloatVector.fromArray(S, b, k), s0);
        }
        return sum(s0.add(s1), lanes);
    }

    private static void triangle2(float[] a, float[] b, int from, int to, double[] acc, int i0, float[] lanes) {
        FloatVector aa = FloatVector.zero(S);
        FloatVector ba = aa;
        FloatVector bb = aa;
        for (int k = from; k < to; k += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, k);
            FloatVector vb = FloatVector.fromArray(S, b, k);
            aa = va.fma(va, aa);
            ba = vb.fma(va, ba);
            bb = vb.fma(vb, bb);
        }
        acc[packed(i0, i0)] += sum(aa, lanes);
        int r1 = packed(i0 + 1, i0);
        acc[r1] += sum(ba, lanes);
        acc[r1 + 1] += sum(bb, lanes);
    }

    private static void triangle3(float[] a, float[] b, float[] c, int from, int to, double[] acc, int i0,
                                  float[] lanes) {
        FloatVector aa = FloatVector.zero(S);
        FloatVector ba = aa;
        FloatVector bb = aa;
        FloatVector ca = aa;
        FloatVector cb = aa;
        FloatVector cc = aa;
        for (int k = from; k < to; k += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, k);
            FloatVector vb = FloatVector.fromArray(S, b, k);
            FloatVector vc = FloatVector.fromArray(S, c, k);
            aa = va.fma(va, aa);
            ba = vb.fma(va, ba);
            bb = vb.fma(vb, bb);
            ca = vc.fma(va, ca);
            cb = vc.fma(vb, cb);
            cc = vc.fma(vc, cc);
        }
        acc[packed(i0, i0)] += sum(aa, lanes);
        int r1 = packed(i0 + 1, i0);
        acc[r1] += sum(ba, lanes);
        acc[r1 + 1] += sum(bb, lanes);
        int r2 = packed(i0 + 2, i0);
        acc[r2] += sum(ca, lanes);
        acc[r2 + 1] += sum(cb, lanes);
        acc[r2 + 2] += sum(cc, lanes);
    }

    private static void triangle4(float[] a, float[] b, float[] c, float[] e, int from, int to, double[] acc,
                                  int i0, float[] lanes) {
        FloatVector aa = FloatVector.zero(S);
        FloatVector ba = aa;
        FloatVector bb = aa;
        FloatVector ca = aa;
        FloatVector cb = aa;
        FloatVector cc = aa;
        FloatVector ea = aa;
        FloatVector eb = aa;
        FloatVector ec = aa;
        FloatVector ee = aa;
        for (int k = from; k < to; k += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, k);
            FloatVector vb = FloatVector.fromArray(S, b, k);
            FloatVector vc = FloatVector.fromArray(S, c, k);
            FloatVector ve = FloatVector.fromArray(S, e, k);
            aa = va.fma(va, aa);
            ba = vb.fma(va, ba);
            bb = vb.fma(vb, bb);
            ca = vc.fma(va, ca);
            cb = vc.fma(vb, cb);
            cc = vc.fma(vc, cc);
            ea = ve.fma(va, ea);
            eb = ve.fma(vb, eb);
            ec = ve.fma(vc, ec);
            ee = ve.fma(ve, ee);
        }
        acc[packed(i0, i0)] += sum(aa, lanes);
        int r1 = packed(i0 + 1, i0);
        acc[r1] += sum(ba, lanes);
        acc[r1 + 1] += sum(bb, lanes);
        int r2 = packed(i0 + 2, i0);
        acc[r2] += sum(ca, lanes);
        acc[r2 + 1] += sum(cb, lanes);
        acc[r2 + 2] += sum(cc, lanes);
        int r3 = packed(i0 + 3, i0);
        acc[r3] += sum(ea, lanes);
        acc[r3 + 1] += sum(eb, lanes);
        acc[r3 + 2] += sum(ec, lanes);
        acc[r3 + 3] += sum(ee, lanes);
    }

    /** Row {@code a} against rows b0..b3; the four pairs are contiguous in the packed triangle at {@code at}. */
    private static void dot4(float[] a, float[] b0, float[] b1, float[] b2, float[] b3, int from, int to,
                             double[] acc, int at, float[] lanes) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int k = from; k < to; k += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, k);
            s0 = va.fma(FloatVector.fromArray(S, b0, k), s0);
            s1 = va.fma(FloatVector.fromArray(S, b1, k), s1);
            s2 = va.fma(FloatVector.fromArray(S, b2, k), s2);
            s3 = va.fma(FloatVector.fromArray(S, b3, k), s3);
        }
        acc[at] += sum(s0, lanes);
        acc[at + 1] += sum(s1, lanes);
        acc[at + 2] += sum(s2, lanes);
        acc[at + 3] += sum(s3, lanes);
    }

    /** Rows a0..a3 (from {@code i0}) against rows b0..b3 (from {@code j0 < i0}): sixteen accumulators. */
    private static void rectangle4x4(float[] a0, float[] a1, float[] a2, float[] a3,
                                     float[] b0, float[] b1, float[] b2, float[] b3,
                                     int from, int to, double[] acc, int i0, int j0, float[] lanes) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s03 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s13 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s22 = s00;
        FloatVector s23 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s32 = s00;
        FloatVector s33 = s00;
        for (int k = from; k < to; k += S.length()) {
            FloatVector v0 = FloatVector.fromArray(S, b0, k);
            FloatVector v1 = FloatVector.fromArray(S, b1, k);
            FloatVector v2 = FloatVector.fromArray(S, b2, k);
            FloatVector v3 = FloatVector.fromArray(S, b3, k);
            FloatVector u = FloatVector.fromArray(S, a0, k);
            s00 = u.fma(v0, s00);
            s01 = u.fma(v1, s01);
            s02 = u.fma(v2, s02);
            s03 = u.fma(v3, s03);
            u = FloatVector.fromArray(S, a1, k);
            s10 = u.fma(v0, s10);
            s11 = u.fma(v1, s11);
            s12 = u.fma(v2, s12);
            s13 = u.fma(v3, s13);
            u = FloatVector.fromArray(S, a2, k);
            s20 = u.fma(v0, s20);
            s21 = u.fma(v1, s21);
            s22 = u.fma(v2, s22);
            s23 = u.fma(v3, s23);
            u = FloatVector.fromArray(S, a3, k);
            s30 = u.fma(v0, s30);
            s31 = u.fma(v1, s31);
            s32 = u.fma(v2, s32);
            s33 = u.fma(v3, s33);
        }
        addRow(acc, packed(i0, j0), s00, s01, s02, s03, lanes);
        addRow(acc, packed(i0 + 1, j0), s10, s11, s12, s13, lanes);
        addRow(acc, packed(i0 + 2, j0), s20, s21, s22, s23, lanes);
        addRow(acc, packed(i0 + 3, j0), s30, s31, s32, s33, lanes);
    }

    private static void addRow(double[] acc, int at, FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3,
                               float[] lanes) {
        acc[at] += sum(s0, lanes);
        acc[at + 1] += sum(s1, lanes);
        acc[at + 2] += sum(s2, lanes);
        acc[at + 3] += sum(s3, lanes);
    }

    /**
     * The lanes of v added in order through {@code lanes} (one scratch per {@link #accumulate} call: allocated
     * per sum it cost the K = 8 pass about 10 %), the same in compiled and interpreted code
     * ({@link VectorApi#sumInOrder}).
     */
    private static double sum(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        return VectorApi.sumInOrder(lanes);
    }
}
