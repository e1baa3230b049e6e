package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/** Elementwise e^x; d/dx = e^x, reused from the output. */
public final class Exp extends UnaryOp {
    private Exp(Tensor x) {
        super(x, DeviceKernels.Unary.EXP, 0, 0);
    }

    public static Tensor apply(Tensor x) {
        return new Exp(x).output();
    }

    @Override
    public String name() {
        return "exp";
    }

    static void hostForward(float[] x, float[] y) {
        Transcendentals.exp(x, y);
    }

    static void hostBackward(float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[i] * y[i];
        }
    }
}
