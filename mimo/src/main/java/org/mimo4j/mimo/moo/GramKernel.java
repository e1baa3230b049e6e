package org.mimo4j.mimo.moo;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The O(R²·d) Gram pass: all R(R+1)/2 inner products of a bank's rows, per parameter group.
 *
 * <p>Why tiled: the pass is bound by memory bandwidth, so each gradient must come from DRAM once.
 * The scalars are walked in tiles of {@link #TILE} floats; inside a tile every pair (i, j ≤ i) is
 * accumulated, so row j's tile is still in L1/L2 when row i needs it. Pairs are register-blocked
 * four at a time (one load of g_i feeds four FMAs). Lanes accumulate in float within a tile (at most
 * TILE / lanes products each) and tile sums are added in double, which keeps the relative error near
 * float epsilon for any d. Chunks ({@link Chunks}) run in parallel; partials reduce in chunk order.
 */
public final class GramKernel {
    static final int TILE = 1024;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private GramKernel() {
    }

    /** The Gram matrices of all rows of {@code bank}, computed on {@code workers}. */
    public static Gram compute(GradientBank bank, Workers workers) {
        int rows = bank.rows();
        int packed = rows * (rows + 1) / 2;
        Chunks chunks = new Chunks(bank);
        double[][] partial = new double[chunks.count()][packed];
        chunks.run(workers, c -> {
            float[][] blocks = new float[rows][];
            for (int r = 0; r < rows; r++) {
                blocks[r] = bank.block(r, chunks.group[c]);
            }
            accumulate(blocks, chunks.start[c], chunks.end[c], partial[c]);
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
        for (int ts = start; ts < end; ts += TILE) {
            int te = Math.min(end, ts + TILE);
            for (int i = 0; i < blocks.length; i++) {
                int base = i * (i + 1) / 2;
                int j = 0;
                for (; j + 3 <= i; j += 4) {
                    dot4(blocks[i], blocks[j], blocks[j + 1], blocks[j + 2], blocks[j + 3], ts, te, acc, base + j);
                }
                for (; j <= i; j++) {
                    acc[base + j] += dot1(blocks[i], blocks[j], ts, te);
                }
            }
        }
    }

    private static double dot1(float[] a, float[] b, int from, int to) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        int l = S.length();
        int k = from;
        for (; k + 2 * l <= to; k += 2 * l) {
            s0 = FloatVector.fromArray(S, a, k).fma(FloatVector.fromArray(S, b, k), s0);
            s1 = FloatVector.fromArray(S, a, k + l).fma(FloatVector.fromArray(S, b, k + l), s1);
        }
        for (; k + l <= to; k += l) {
            s0 = FloatVector.fromArray(S, a, k).fma(FloatVector.fromArray(S, b, k), s0);
        }
        double sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; k < to; k++) {
            sum += (double) a[k] * b[k];
        }
        return sum;
    }

    private static void dot4(float[] a, float[] b0, float[] b1, float[] b2, float[] b3, int from, int to,
                             double[] acc, int at) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int l = S.length();
        int k = from;
        for (; k + l <= to; k += l) {
            FloatVector va = FloatVector.fromArray(S, a, k);
            s0 = va.fma(FloatVector.fromArray(S, b0, k), s0);
            s1 = va.fma(FloatVector.fromArray(S, b1, k), s1);
            s2 = va.fma(FloatVector.fromArray(S, b2, k), s2);
            s3 = va.fma(FloatVector.fromArray(S, b3, k), s3);
        }
        double t0 = s0.reduceLanes(VectorOperators.ADD);
        double t1 = s1.reduceLanes(VectorOperators.ADD);
        double t2 = s2.reduceLanes(VectorOperators.ADD);
        double t3 = s3.reduceLanes(VectorOperators.ADD);
        for (; k < to; k++) {
            double x = a[k];
            t0 += x * b0[k];
            t1 += x * b1[k];
            t2 += x * b2[k];
            t3 += x * b3[k];
        }
        acc[at] += t0;
        acc[at + 1] += t1;
        acc[at + 2] += t2;
        acc[at + 3] += t3;
    }
}
