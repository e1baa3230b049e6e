package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/** Elementwise square root; d/dx = 1 / (2 sqrt x), reused from the output. */
public final class Sqrt extends UnaryOp {
    private Sqrt(Tensor x) {
        super(x, DeviceKernels.Unary.SQRT, 0, 0);
    }

    public static Tensor apply(Tensor x) {
        return new Sqrt(x).output();
    }

    @Override
    public String name() {
        return "sqrt";
    }

    static void hostForward(float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.sqrt(x[i]);
        }
    }

    static void hostBackward(float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[i] * 0.5f / y[i];
        }
    }
}
