package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.tensor.Tensor;

/**
 * Elementwise x^p for a constant exponent p; d/dx = p x^(p-1). As with {@link Math#pow}, a negative x
 * with a non-integer p gives NaN.
 */
public final class Pow extends UnaryOp {
    private final float p;

    private Pow(Tensor x, float p) {
        super(x);
        this.p = p;
    }

    public static Tensor apply(Tensor x, float exponent) {
        return new Pow(x, exponent).output();
    }

    @Override
    public String name() {
        return "pow";
    }

    @Override
    void forward(float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.pow(x[i], p);
        }
    }

    @Override
    void backward(float[] x, float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[i] * p * (float) Math.pow(x[i], p - 1);
        }
    }
}
