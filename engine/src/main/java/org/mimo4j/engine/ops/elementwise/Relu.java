package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.tensor.Tensor;

/** Elementwise max(x, 0) (NaN stays NaN); d/dx = 1 for x > 0, else 0 (0 at the kink). */
public final class Relu extends UnaryOp {
    private Relu(Tensor x) {
        super(x);
    }

    public static Tensor apply(Tensor x) {
        return new Relu(x).output();
    }

    @Override
    public String name() {
        return "relu";
    }

    @Override
    void forward(float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(x[i], 0f);
        }
    }

    @Override
    void backward(float[] x, float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = Branchless.passIfPositive(x[i], gy[i]);
        }
    }
}
