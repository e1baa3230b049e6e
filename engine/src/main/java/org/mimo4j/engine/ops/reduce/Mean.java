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
        float[] d = x.data();
        double[] acc = new double[plan.outSize];
        for (int i = 0; i < d.length; i++) {
            acc[plan.target[i]] += d[i];
        }
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
        float[] gx = new float[plan.target.length];
        float inv = 1f / plan.groupSize();
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[plan.target[i]] * inv;
        }
        return new float[][] {gx};
    }
}
