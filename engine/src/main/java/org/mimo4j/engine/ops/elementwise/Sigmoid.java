package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/** Elementwise logistic 1 / (1 + e^-x); d/dx = y (1 - y). */
public final class Sigmoid extends UnaryOp {
    private Sigmoid(Tensor x) {
        super(x, DeviceKernels.Unary.SIGMOID, 0, 0);
    }

    public static Tensor apply(Tensor x) {
        return new Sigmoid(x).output();
    }

    @Override
    public String name() {
        return "sigmoid";
    }

    static void hostForward(float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = -x[i];
        }
        Transcendentals.exp(y, y);
        for (int i = 0; i < y.length; i++) {
            y[i] = 1 / (1 + y[i]);
        }
    }

    static void hostBackward(float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[i] * y[i] * (1 - y[i]);
        }
    }
}
