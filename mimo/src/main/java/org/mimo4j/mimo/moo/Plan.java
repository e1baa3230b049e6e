package org.mimo4j.mimo.moo;

import java.util.List;

/**
 * What a method needs from the trainer in a step, decided from the losses alone.
 *
 * <ul>
 *   <li>{@link BackpropWeighted}: backpropagate L = Σ_k w_k f_k once; the gradients it leaves in the
 *       parameters are the update (Joint, Uniform, MIMO penalty/hard). No {@code combine} call.</li>
 *   <li>{@link CollectGradients}: fill a bank whose row r is ∇(Σ_k rows[r][k] f_k) — one backward pass
 *       per row, with respect to the parameters or to the shared representation — then call
 *       {@link MultiObjectiveMethod#combine}. Afterwards either write the direction it produced into
 *       the parameter gradients ({@link Then#WRITE_DIRECTION}) or backpropagate Σ_k w_k f_k with the
 *       report's weights ({@link Then#BACKPROP_WEIGHTS}, MGDA-UB).</li>
 * </ul>
 */
public sealed interface Plan {

    /** Which tensors the rows of a {@link CollectGradients} bank are gradients with respect to. */
    enum Space { PARAMETERS, REPRESENTATION }

    /** What the trainer does after {@code combine}. */
    enum Then { WRITE_DIRECTION, BACKPROP_WEIGHTS }

    /**
     * Backpropagate Σ_k weights[k] f_k once.
     *
     * @param weights one weight per objective
     * @param report  the step's report (the weights were the whole subroutine)
     */
    record BackpropWeighted(double[] weights, StepReport report) implements Plan {
        public BackpropWeighted {
            weights = weights.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }
    }

    /**
     * Collect rows[r] · ∇f for every row r into a bank, then combine.
     *
     * @param rows     R x K loss weights of each requested gradient row
     * @param rowNames R names, for the bank and error messages
     * @param space    parameters or shared representation
     * @param then     what to do with combine's result
     */
    record CollectGradients(double[][] rows, String[] rowNames, Space space, Then then) implements Plan {
        public CollectGradients {
            if (rows.length != rowNames.length) {
                throw new IllegalArgumentException(rows.length + " rows but " + rowNames.length + " names");
            }
            double[][] copy = new double[rows.length][];
            for (int r = 0; r < rows.length; r++) {
                copy[r] = rows[r].clone();
            }
            rows = copy;
            rowNames = rowNames.clone();
        }

        /** Loss weights of row r. */
        public double[] row(int r) {
            return rows[r].clone();
        }

        /** Number of rows, which is the number of backward passes. */
        public int rowCount() {
            return rows.length;
        }

        /** An empty bank with this plan's rows over {@code groups}, for the trainer to fill. */
        public GradientBank newBank(List<ParameterGroup> groups) {
            return new GradientBank(List.of(rowNames), groups);
        }

        @Override
        public double[][] rows() {
            double[][] copy = new double[rows.length][];
            for (int r = 0; r < rows.length; r++) {
                copy[r] = rows[r].clone();
            }
            return copy;
        }

        @Override
        public String[] rowNames() {
            return rowNames.clone();
        }
    }
}
