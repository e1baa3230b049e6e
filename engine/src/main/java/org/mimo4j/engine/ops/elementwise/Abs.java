package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/** Elementwise |x|; d/dx = sign(x), taken as 0 at x = 0. */
public final class Abs extends UnaryOp {
    private Abs(Tensor x) {
        super(x, DeviceKernels.Unary.ABS, 0, 0);
    }

    public static Tensor apply(Tensor x) {
        return new Abs(x).output();
    }

    @Override
    public String name() {
        return "abs";
    }

    static void hostForward(float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.abs(x[i]);
        }
    }

    static void hostBackward(float[] x, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = Branchless.passIfPositive(x[i], gy[i]) - Branchless.passIfPositive(-x[i], gy[i]);
        }
    }
}
