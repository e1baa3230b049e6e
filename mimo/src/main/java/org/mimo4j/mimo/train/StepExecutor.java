package org.mimo4j.mimo.train;

import java.util.List;

import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.mimo.model.ParameterSet;
import org.mimo4j.mimo.moo.GradientBank;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;
import org.mimo4j.mimo.moo.Plan;
import org.mimo4j.mimo.moo.StepContext;
import org.mimo4j.mimo.moo.StepReport;

/**
 * Carries out a method's {@link Plan} on one forward pass ({@link Objectives}): either one backward of
 * the weighted loss, or one backward per bank row (keeping the graph between them) followed by the
 * method's {@code combine}. Rows are gradients with respect to the parameters, or with respect to the
 * encoders' features z_m (partial backward passes through heads and fusion only, MGDA-UB). Afterwards
 * every parameter's {@code grad()} holds the update direction for the optimizer: the direction that
 * {@code combine} wrote, or the gradient of Σ_k w_k f_k with the weights it chose.
 * Public so benchmarks time the very step training runs.
 */
public final class StepExecutor {
    private final ParameterSet params;
    private final List<Parameter> list;

    /** An executor writing into the gradients of {@code params}. */
    public StepExecutor(ParameterSet params) {
        this.params = params;
        this.list = params.list();
    }

    /** Runs the plan on the objectives f_0..f_M of one forward pass. */
    public StepReport execute(MultiObjectiveMethod method, Plan plan, Objectives objectives, StepContext ctx) {
        params.zeroGrad();
        if (plan instanceof Plan.BackpropWeighted bw) {
            objectives.backward(bw.weights(), false);
            return bw.report();
        }
        Plan.CollectGradients cg = (Plan.CollectGradients) plan;
        boolean representation = cg.space() == Plan.Space.REPRESENTATION;
        boolean backpropAfter = cg.then() == Plan.Then.BACKPROP_WEIGHTS;
        if (representation && !backpropAfter) {
            throw new IllegalStateException(method.name() + " asks to write a direction in representation space into "
                    + "the parameters; a representation-space plan must end with a weighted backward pass");
        }
        GradientBank bank = cg.newBank(representation ? objectives.representationGroups() : params.groups());
        double[] values = objectives.values();
        for (int r = 0; r < cg.rowCount(); r++) {
            double[] w = cg.row(r);
            if (representation) {
                objectives.backwardToFeatures(w, true);
                objectives.copyFeatureGradients(bank, r);
            } else {
                params.zeroGrad();
                objectives.backward(w, backpropAfter || r + 1 < cg.rowCount());
                for (int p = 0; p < list.size(); p++) {
                    System.arraycopy(list.get(p).grad().data(), 0, bank.block(r, p), 0, bank.group(p).size());
                }
            }
            bank.setLoss(r, dot(w, values));
        }
        float[][] direction = backpropAfter ? null : bank.newDirection();
        StepReport report = method.combine(bank, direction, ctx);
        params.zeroGrad();
        if (backpropAfter) {
            objectives.backward(report.weights(), false);
        } else {
            for (int p = 0; p < list.size(); p++) {
                System.arraycopy(direction[p], 0, list.get(p).grad().storage().write(), 0, direction[p].length);
            }
        }
        return report;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
