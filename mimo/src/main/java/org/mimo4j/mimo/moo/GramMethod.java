package org.mimo4j.mimo.moo;

/**
 * The shape shared by methods that collect every objective's gradient and decide from their Gram
 * matrix (PCGrad, CAGrad, MMPareto): the plan asks for all K gradients; the combine step validates the
 * bank, computes the Gram pass once, and hands it to {@link #combineFromGram}.
 */
abstract class GramMethod extends BaseMethod {

    GramMethod(int modalities) {
        super(modalities);
    }

    @Override
    public final Plan plan(double[] losses, StepContext ctx) {
        checkLosses(losses);
        return perObjectivePlan();
    }

    @Override
    public final StepReport combine(GradientBank bank, float[][] out, StepContext ctx) {
        long start = System.nanoTime();
        checkBank(bank, k, out, true);
        return combineFromGram(bank, finiteGram(bank, ctx), out, ctx, start);
    }

    /**
     * Writes the direction into {@code out} from the validated bank and its finite Gram, and reports
     * the step; {@code start} is the subroutine's start in {@link System#nanoTime()}.
     */
    abstract StepReport combineFromGram(GradientBank bank, Gram gram, float[][] out, StepContext ctx, long start);
}
