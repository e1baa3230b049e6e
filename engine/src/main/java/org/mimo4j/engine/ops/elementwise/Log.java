package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/** Elementwise natural logarithm (NaN or -infinity outside x > 0, as in IEEE arithmetic); d/dx = 1/x. */
public final class Log extends UnaryOp {
    private Log(Tensor x) {
        super(x, DeviceKernels.Unary.LOG, 0, 0);
    }

    public static Tensor apply(Tensor x) {
        return new Log(x).output();
    }

    @Override
    public String name() {
        return "log";
    }

    static void hostForward(float[] x, float[] y) {
        Transcendentals.log(x, y);
    }

    static void hostBackward(float[] x, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[i] / x[i];
        }
    }
}
