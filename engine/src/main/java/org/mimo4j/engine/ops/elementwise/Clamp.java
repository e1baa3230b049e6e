package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/** Elementwise min(max(x, lo), hi); the gradient passes only where lo < x < hi. */
public final class Clamp extends UnaryOp {
    private Clamp(Tensor x, float lo, float hi) {
        super(x, DeviceKernels.Unary.CLAMP, lo, hi);
    }

    public static Tensor apply(Tensor x, float lo, float hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
        }
        return new Clamp(x, lo, hi).output();
    }

    @Override
    public String name() {
        return "clamp";
    }

    static void hostForward(float[] x, float lo, float hi, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.min(Math.max(x[i], lo), hi);
        }
    }

    static void hostBackward(float[] x, float[] gy, float lo, float hi, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = Branchless.passIfPositive(hi - x[i], Branchless.passIfPositive(x[i] - lo, gy[i]));
        }
    }
}
