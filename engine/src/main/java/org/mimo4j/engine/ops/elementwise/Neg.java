package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/** Elementwise -x; d/dx = -1. */
public final class Neg extends UnaryOp {
    private Neg(Tensor x) {
        super(x, DeviceKernels.Unary.NEG, 0, 0);
    }

    public static Tensor apply(Tensor x) {
        return new Neg(x).output();
    }

    @Override
    public String name() {
        return "neg";
    }

    static void hostForward(float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = -x[i];
        }
    }

    static void hostBackward(float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = -gy[i];
        }
    }
}
