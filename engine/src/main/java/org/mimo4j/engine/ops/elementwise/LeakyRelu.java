package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.tensor.Tensor;

/** Elementwise x for x > 0, slope * x otherwise; d/dx = 1 or slope. */
public final class LeakyRelu extends UnaryOp {
    private final float slope;

    private LeakyRelu(Tensor x, float slope) {
        super(x);
        this.slope = slope;
    }

    public static Tensor apply(Tensor x, float slope) {
        return new LeakyRelu(x, slope).output();
    }

    @Override
    public String name() {
        return "leakyRelu";
    }

    @Override
    void forward(float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(x[i], 0f) + slope * Math.min(x[i], 0f);
        }
    }

    @Override
    void backward(float[] x, float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            float positive = Branchless.passIfPositive(x[i], gy[i]);
            gx[i] = positive + slope * (gy[i] - positive);
        }
    }
}
