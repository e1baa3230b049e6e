package org.mimo4j.mimo.moo;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The O(R·d) write pass: out_p = Σ_r c_{p,r} · g_{r,p} for every group p, where each group may have
 * its own coefficients (MMPareto weighs each encoder differently, OGM-GE scales some conv kernels,
 * Unimodal routes rows to groups). Rows with a zero coefficient are not read. Each output tile is
 * written once while the rows stream through, vectorised and parallel over {@link Chunks}.
 */
final class LinearCombination {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private LinearCombination() {
    }

    /** Writes Σ_r coefficients[r] · row r into {@code out} (one array per group). */
    static void write(GradientBank bank, double[] coefficients, float[][] out, Workers workers) {
        double[][] perGroup = new double[bank.groupCount()][];
        java.util.Arrays.fill(perGroup, coefficients);
        write(bank, perGroup, out, workers);
    }

    /** Writes Σ_r perGroup[p][r] · row r of group p into {@code out[p]}, for every group p. */
    static void write(GradientBank bank, double[][] perGroup, float[][] out, Workers workers) {
        Chunks chunks = new Chunks(bank);
        chunks.run(workers, c -> {
            int p = chunks.group[c];
            float[][] rows = new float[bank.rows()][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = bank.block(r, p);
            }
            write(rows, perGroup[p], out[p], chunks.start[c], chunks.end[c]);
        });
    }

    /** The sequential kernel for group {@code p} of raw {@code data[row][group]}: used by combineRows. */
    static void write(float[][][] data, int p, double[] coefficients, float[] out) {
        float[][] rows = new float[data.length][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = data[r][p];
        }
        write(rows, coefficients, out, 0, out.length);
    }

    private static void write(float[][] rows, double[] coefficients, float[] out, int start, int end) {
        boolean first = true;
        for (int r = 0; r < rows.length; r++) {
            float c = (float) coefficients[r];
            if (c != 0) {
                axpy(c, rows[r], out, start, end, first);
                first = false;
            }
        }
        if (first) {
            java.util.Arrays.fill(out, start, end, 0f);
        }
    }

    /** out = c·x (assign) or out += c·x over [start, end). */
    private static void axpy(float c, float[] x, float[] out, int start, int end, boolean assign) {
        int l = S.length();
        int k = start;
        if (assign) {
            for (; k + l <= end; k += l) {
                FloatVector.fromArray(S, x, k).mul(c).intoArray(out, k);
            }
            for (; k < end; k++) {
                out[k] = c * x[k];
            }
        } else {
            FloatVector vc = FloatVector.broadcast(S, c);
            for (; k + l <= end; k += l) {
                FloatVector.fromArray(S, x, k).fma(vc, FloatVector.fromArray(S, out, k)).intoArray(out, k);
            }
            for (; k < end; k++) {
                out[k] += c * x[k];
            }
        }
    }
}
