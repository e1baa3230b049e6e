package org.mimo4j.engine.ops.reduce;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Maximum over axes (all when none are given), optionally keeping them as size 1. The gradient goes
 * to the first maximal element of each group (a subgradient; ties are rare in real data).
 */
public final class Max extends Node {
    private final int[] argmax;
    private final int inSize;

    private Max(Tensor x, int[] argmax) {
        super(x);
        this.argmax = argmax;
        this.inSize = x.numel();
    }

    public static Tensor apply(Tensor x, boolean keepdim, int... axes) {
        ReducePlan plan = new ReducePlan("max", x.shape(), keepdim, axes);
        if (plan.groupSize() == 0) {
            throw new IllegalArgumentException("max: cannot reduce an empty axis of shape " + Shapes.str(x.shape()));
        }
        float[] d = x.data();
        int[] arg = plan.argmax(d);
        float[] y = new float[arg.length];
        for (int o = 0; o < y.length; o++) {
            y[o] = d[arg[o]];
        }
        return Tensor.fromOp(y, plan.outShape, new Max(x, arg).ifRecording());
    }

    @Override
    public String name() {
        return "max";
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = new float[inSize];
        for (int o = 0; o < argmax.length; o++) {
            gx[argmax[o]] += gy[o];
        }
        return new float[][] {gx};
    }
}
