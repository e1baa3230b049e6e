package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.tensor.Tensor;

/** Elementwise e^x; d/dx = e^x, reused from the output. */
public final class Exp extends UnaryOp {
    private Exp(Tensor x) {
        super(x);
    }

    public static Tensor apply(Tensor x) {
        return new Exp(x).output();
    }

    @Override
    public String name() {
        return "exp";
    }

    @Override
    void forward(float[] x, float[] y) {
        Transcendentals.exp(x, y);
    }

    @Override
    void backward(float[] x, float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[i] * y[i];
        }
    }
}
