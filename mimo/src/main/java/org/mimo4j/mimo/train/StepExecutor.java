package org.mimo4j.mimo.train;

import java.util.List;

import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.model.ParameterSet;
import org.mimo4j.mimo.moo.GradientBank;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;
import org.mimo4j.mimo.moo.Plan;
import org.mimo4j.mimo.moo.StepContext;
import org.mimo4j.mimo.moo.StepReport;

/**
 * Carries out a method's {@link Plan} on one forward pass: either one backward of the weighted loss,
 * or one backward per bank row (keeping the graph between them) followed by the method's
 * {@code combine}, whose direction is written into the parameters' gradients. Afterwards every
 * parameter's {@code grad()} holds the update direction for the optimizer.
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

    /** Runs the plan for the objectives {@code losses} (f_0..f_M, scalars of one graph). */
    public StepReport execute(MultiObjectiveMethod method, Plan plan, Tensor[] losses, double[] values, StepContext ctx) {
        params.zeroGrad();
        if (plan instanceof Plan.BackpropWeighted bw) {
            backward(losses, bw.weights(), false);
            return bw.report();
        }
        Plan.CollectGradients cg = (Plan.CollectGradients) plan;
        if (cg.space() != Plan.Space.PARAMETERS) {
            throw new IllegalStateException(method.name() + " asks for gradients with respect to the shared "
                    + "representation, which this trainer does not provide; use its parameter-space variant");
        }
        GradientBank bank = cg.newBank(params.groups());
        boolean backpropAfter = cg.then() == Plan.Then.BACKPROP_WEIGHTS;
        for (int r = 0; r < cg.rowCount(); r++) {
            double[] w = cg.row(r);
            params.zeroGrad();
            backward(losses, w, backpropAfter || r + 1 < cg.rowCount());
            for (int p = 0; p < list.size(); p++) {
                System.arraycopy(list.get(p).grad().data(), 0, bank.block(r, p), 0, bank.group(p).size());
            }
            bank.setLoss(r, dot(w, values));
        }
        float[][] direction = backpropAfter ? null : bank.newDirection();
        StepReport report = method.combine(bank, direction, ctx);
        params.zeroGrad();
        if (backpropAfter) {
            backward(losses, report.weights(), false);
        } else {
            for (int p = 0; p < list.size(); p++) {
                System.arraycopy(direction[p], 0, list.get(p).grad().storage().write(), 0, direction[p].length);
            }
        }
        return report;
    }

    /** Backpropagates Σ_k w_k f_k, skipping zero weights (nothing to do when all are zero). */
    private static void backward(Tensor[] losses, double[] w, boolean retain) {
        Tensor total = null;
        for (int k = 0; k < losses.length; k++) {
            if (w[k] != 0) {
                Tensor term = losses[k].mul((float) w[k]);
                total = total == null ? term : total.add(term);
            }
        }
        if (total != null) {
            total.backward(retain);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
