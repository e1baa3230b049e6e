package org.mimo4j.mimo.moo;

import java.util.List;

/**
 * What one step of a method did, for logs, metrics and plots.
 *
 * @param method           the method's name
 * @param losses           f_0..f_M as given to {@link MultiObjectiveMethod#plan}
 * @param weights          the weight of each objective f_k in the update (for per-encoder methods such as
 *                         MMPareto, weights[m] is encoder m's weight on f_m and weights[0] the mean weight on
 *                         f_0 over encoders; for PCGrad/CAGrad the effective coefficients of ∇f_k)
 * @param backwardPasses   backward passes the step needs (partial ones to a representation included)
 * @param subroutineNanos  wall time of the subroutine (weights, projections, Gram, write)
 * @param solverIterations iterations of the method's inner solver (0 if it has none)
 * @param geometry         per-encoder gradient norms and cosines (empty when not computed)
 */
public record StepReport(String method, double[] losses, double[] weights, int backwardPasses,
                         long subroutineNanos, int solverIterations, List<EncoderGeometry> geometry) {

    public StepReport {
        losses = losses.clone();
        weights = weights.clone();
        geometry = List.copyOf(geometry);
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }
}
