package org.mimo4j.mimo.moo;

/**
 * A way of turning the K = M + 1 objectives (f_0 fused, f_1..f_M unimodal) into one update.
 *
 * <p>Protocol, once per training step:
 * <ol>
 *   <li>{@link #plan}(losses, ctx) — the method reads the losses (and advances its own state, e.g.
 *       MIMO's moving average) and says what gradients it needs. Call it exactly once per step.</li>
 *   <li>For a {@link Plan.CollectGradients} plan the trainer fills the bank it asks for and calls
 *       {@link #combine}, which writes the combined gradient into {@code out} (a pure function of the
 *       bank, the method's state and the context). For {@link Plan.BackpropWeighted} there is nothing
 *       to combine: the plan's report is the step's report.</li>
 * </ol>
 * Every method validates its inputs: a NaN or infinite loss or gradient raises a
 * {@link NonFiniteGradientException} naming the objective (and group) before anything is written.
 */
public interface MultiObjectiveMethod {

    /** Short name used on the command line and in reports (e.g. "mimo", "mgda-l2"). */
    String name();

    /** Number of objectives K = M + 1 this instance was built for. */
    int objectives();

    /** Decides what the step needs from the losses f_0..f_M. */
    Plan plan(double[] losses, StepContext ctx);

    /**
     * Runs the subroutine on the bank that this step's {@link Plan.CollectGradients} asked for and
     * writes the combined gradient into {@code out} (one array per bank group; left untouched when the
     * plan's {@code then} is {@link Plan.Then#BACKPROP_WEIGHTS}, in which case {@code out} may be null).
     */
    default StepReport combine(GradientBank bank, float[][] out, StepContext ctx) {
        throw new IllegalStateException(name() + " backpropagates a weighted loss; it has nothing to combine");
    }
}
