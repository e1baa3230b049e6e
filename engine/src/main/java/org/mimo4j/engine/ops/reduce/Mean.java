package org.mimo4j.engine.ops.reduce;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Tensor;

/** Mean over axes (all when none are given), optionally keeping them as size 1; d/dx_i = 1/n. */
public final class Mean extends Node {
    private final ReducePlan plan;

    private Mean(Tensor x, ReducePlan plan) {
        super(x);
        this.plan = plan;
    }

    public static Tensor apply(Tensor x, boolean keepdim, int... axes) {
        ReducePlan plan = new ReducePlan("mean", x.shape(), keepdim, axes);
        double[] acc = new double[plan.outSize];
        plan.accumulate(x.data(), acc);
        float[] y = new float[plan.outSize];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (acc[i] / plan.groupSize());
        }
        return Tensor.fromOp(y, plan.outShape, new Mean(x, plan).ifRecording());
    }

    @Override
    public String name() {
        return "mean";
    }

    @Override
    protected float[][] backward(float[] gy) {
        return new float[][] {plan.spread(gy, 1f / plan.groupSize())};
    }
}
