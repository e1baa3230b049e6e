package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels.Arith;
import org.mimo4j.engine.tensor.Tensor;

/** Elementwise a / b with NumPy broadcasting; d/da = 1/b, d/db = -a/b^2 = -y/b. */
public final class Div extends BinaryOp {
    private Div(Tensor a, Tensor b) {
        super(a, b);
    }

    public static Tensor apply(Tensor a, Tensor b) {
        return new Div(a, b).output();
    }

    @Override
    public String name() {
        return "div";
    }

    @Override
    Arith arith() {
        return Arith.DIV;
    }

    @Override
    void forward(float[] a, float[] b, float[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = a[i] / b[i];
        }
    }

    @Override
    void backward(float[] a, float[] b, float[] y, float[] gy, float[] ga, float[] gb) {
        if (ga != null) {
            for (int i = 0; i < gy.length; i++) {
                ga[i] = gy[i] / b[i];
            }
        }
        if (gb != null) {
            for (int i = 0; i < gy.length; i++) {
                gb[i] = -gy[i] * y[i] / b[i];
            }
        }
    }
}
