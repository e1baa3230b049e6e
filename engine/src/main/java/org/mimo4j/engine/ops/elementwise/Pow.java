package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Elementwise x^p for a constant exponent p; d/dx = p x^(p-1). As with {@link Math#pow}, a negative x
 * with a non-integer p gives NaN.
 */
public final class Pow extends UnaryOp {
    private Pow(Tensor x, float p) {
        super(x, DeviceKernels.Unary.POW, p, 0);
    }

    public static Tensor apply(Tensor x, float exponent) {
        return new Pow(x, exponent).output();
    }

    @Override
    public String name() {
        return "pow";
    }

    static void hostForward(float[] x, float p, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.pow(x[i], p);
        }
    }

    static void hostBackward(float[] x, float[] gy, float p, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[i] * p * (float) Math.pow(x[i], p - 1);
        }
    }
}
