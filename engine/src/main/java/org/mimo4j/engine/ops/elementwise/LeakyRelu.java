package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/** Elementwise x for x > 0, slope * x otherwise; d/dx = 1 or slope. */
public final class LeakyRelu extends UnaryOp {
    private LeakyRelu(Tensor x, float slope) {
        super(x, DeviceKernels.Unary.LEAKY_RELU, slope, 0);
    }

    public static Tensor apply(Tensor x, float slope) {
        return new LeakyRelu(x, slope).output();
    }

    @Override
    public String name() {
        return "leakyRelu";
    }

    static void hostForward(float[] x, float slope, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(x[i], 0f) + slope * Math.min(x[i], 0f);
        }
    }

    static void hostBackward(float[] x, float[] gy, float slope, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            float positive = Branchless.passIfPositive(x[i], gy[i]);
            gx[i] = positive + slope * (gy[i] - positive);
        }
    }
}
