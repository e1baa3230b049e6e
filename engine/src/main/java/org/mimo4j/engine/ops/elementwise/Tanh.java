package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/** Elementwise hyperbolic tangent; d/dx = 1 - y^2. */
public final class Tanh extends UnaryOp {
    private Tanh(Tensor x) {
        super(x, DeviceKernels.Unary.TANH, 0, 0);
    }

    public static Tensor apply(Tensor x) {
        return new Tanh(x).output();
    }

    @Override
    public String name() {
        return "tanh";
    }

    static void hostForward(float[] x, float[] y) {
        Transcendentals.tanh(x, y);
    }

    static void hostBackward(float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[i] * (1 - y[i] * y[i]);
        }
    }
}
