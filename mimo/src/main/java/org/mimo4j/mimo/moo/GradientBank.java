package org.mimo4j.mimo.moo;

import java.util.Arrays;
import java.util.List;

/**
 * R gradient vectors ("rows") over the same parameters, stored as one contiguous {@code float[]} per
 * row and {@link ParameterGroup}, plus one loss value per row.
 *
 * <p>A row is the gradient of some weighted sum of the objectives, as a method's {@link Plan} asked:
 * usually row k = ∇f_k (k = 0 fused, k = m modality m). Keeping each parameter tensor in its own
 * block lets a method address one encoder alone (MMPareto, OGM-GE) without copying, and lets the
 * trainer fill the bank straight from the engine's per-parameter gradients.
 *
 * <p>The bank is a plain container: {@link #block(int, int)} returns live storage, so the trainer
 * writes gradients into it and methods read them. It is not thread-safe.
 */
public final class GradientBank {
    private final String[] rowNames;
    private final double[] losses;
    private final ParameterGroup[] groups;
    private final float[][][] data;
    private final long totalSize;

    /** An all-zero bank with the given rows and groups; losses start at 0. */
    public GradientBank(List<String> rowNames, List<ParameterGroup> groups) {
        this(rowNames.toArray(String[]::new), groups.toArray(ParameterGroup[]::new), null);
    }

    private GradientBank(String[] rowNames, ParameterGroup[] groups, float[][][] data) {
        if (rowNames.length < 1) {
            throw new IllegalArgumentException("gradient bank needs at least one row");
        }
        if (groups.length < 1) {
            throw new IllegalArgumentException("gradient bank needs at least one parameter group");
        }
        this.rowNames = rowNames.clone();
        this.groups = groups.clone();
        this.losses = new double[rowNames.length];
        long total = 0;
        for (ParameterGroup g : groups) {
            total += g.size();
        }
        this.totalSize = total;
        this.data = data != null ? data : allocate(rowNames.length, groups);
    }

    private static float[][][] allocate(int rows, ParameterGroup[] groups) {
        float[][][] d = new float[rows][groups.length][];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < groups.length; p++) {
                d[r][p] = new float[groups[p].size()];
            }
        }
        return d;
    }

    /**
     * Wraps existing arrays without copying: {@code data[r][p]} is row r's gradient of group p and
     * must have exactly {@code groups.get(p).size()} elements.
     */
    public static GradientBank wrap(List<String> rowNames, List<ParameterGroup> groups, float[][][] data) {
        if (data.length != rowNames.size()) {
            throw new IllegalArgumentException("gradient bank data has " + data.length + " rows; expected "
                    + rowNames.size() + " (one per row name)");
        }
        for (int r = 0; r < data.length; r++) {
            if (data[r].length != groups.size()) {
                throw new IllegalArgumentException("row '" + rowNames.get(r) + "' has " + data[r].length
                        + " group blocks; expected " + groups.size());
            }
            for (int p = 0; p < groups.size(); p++) {
                if (data[r][p] == null || data[r][p].length != groups.get(p).size()) {
                    throw new IllegalArgumentException("row '" + rowNames.get(r) + "', group '"
                            + groups.get(p).name() + "' has " + (data[r][p] == null ? "no array" : data[r][p].length
                            + " elements") + "; expected " + groups.get(p).size());
                }
            }
        }
        return new GradientBank(rowNames.toArray(String[]::new), groups.toArray(ParameterGroup[]::new), data);
    }

    /** Number of gradient rows R. */
    public int rows() {
        return rowNames.length;
    }

    /** Name of row r (used in error messages and reports). */
    public String rowName(int r) {
        return rowNames[r];
    }

    /** Loss value of row r (used by the loss normalisations). */
    public double loss(int r) {
        return losses[r];
    }

    /** Sets the loss value of row r. */
    public void setLoss(int r, double value) {
        losses[r] = value;
    }

    /** A copy of all row losses. */
    public double[] losses() {
        return losses.clone();
    }

    /** Number of parameter groups. */
    public int groupCount() {
        return groups.length;
    }

    /** Parameter group p. */
    public ParameterGroup group(int p) {
        return groups[p];
    }

    /** All groups, in order. */
    public List<ParameterGroup> groups() {
        return List.of(groups);
    }

    /** The live storage of row r's gradient for group p. */
    public float[] block(int r, int p) {
        return data[r][p];
    }

    /** Row r's blocks, one per group (live storage). */
    float[][] row(int r) {
        return data[r];
    }

    /** Total number of scalars d in one row. */
    public long totalSize() {
        return totalSize;
    }

    /** The largest modality index of any group: M. */
    public int modalities() {
        int m = 0;
        for (ParameterGroup g : groups) {
            m = Math.max(m, g.modality());
        }
        return m;
    }

    /** A zeroed output direction: one array per group, shaped like one row. */
    public float[][] newDirection() {
        float[][] out = new float[groups.length][];
        for (int p = 0; p < groups.length; p++) {
            out[p] = new float[groups[p].size()];
        }
        return out;
    }

    /** Checks that {@code out} has one array per group of the right size. */
    public void checkDirection(float[][] out) {
        if (out == null || out.length != groups.length) {
            throw new IllegalArgumentException("output direction has " + (out == null ? "no" : out.length)
                    + " group arrays; expected " + groups.length);
        }
        for (int p = 0; p < groups.length; p++) {
            if (out[p] == null || out[p].length != groups[p].size()) {
                throw new IllegalArgumentException("output direction for group '" + groups[p].name() + "' has "
                        + (out[p] == null ? "no array" : out[p].length + " elements") + "; expected "
                        + groups[p].size());
            }
        }
    }

    /**
     * A new bank whose row i is Σ_r coefficients[i][r] · row r, with losses combined the same way.
     * Gradients are linear, so this is what the backward passes of a plan asking for weighted rows
     * would produce; tests and benchmarks use it to feed a method from one per-objective bank.
     */
    public GradientBank combineRows(String[] names, double[][] coefficients) {
        if (names.length != coefficients.length) {
            throw new IllegalArgumentException(names.length + " row names for " + coefficients.length + " rows");
        }
        GradientBank out = new GradientBank(names, groups, null);
        for (int i = 0; i < coefficients.length; i++) {
            if (coefficients[i].length != rows()) {
                throw new IllegalArgumentException("coefficient row " + i + " has " + coefficients[i].length
                        + " entries; expected " + rows());
            }
            double loss = 0;
            for (int r = 0; r < rows(); r++) {
                loss += coefficients[i][r] * losses[r];
            }
            out.losses[i] = loss;
            for (int p = 0; p < groups.length; p++) {
                LinearCombination.write(data, p, coefficients[i], out.data[i][p]);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "GradientBank" + Arrays.toString(rowNames) + " x " + groups.length + " groups, d=" + totalSize;
    }
}
