package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Tensor;

/**
 * GELU in its tanh form (Hendrycks and Gimpel; the form BERT and GPT-2 use):
 * y = x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3);
 * dy/dx = (1 + tanh u)/2 + x/2 (1 - tanh^2 u) sqrt(2/pi) (1 + 3 * 0.044715 x^2).
 */
public final class Gelu extends UnaryOp {
    private static final float K = (float) Math.sqrt(2 / Math.PI);
    private static final float C = 0.044715f;

    private Gelu(Tensor x) {
        super(x, DeviceKernels.Unary.GELU, 0, 0);
    }

    public static Tensor apply(Tensor x) {
        return new Gelu(x).output();
    }

    @Override
    public String name() {
        return "gelu";
    }

    static void hostForward(float[] x, float[] y) {
        float[] t = tanhOfInner(x);
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.5f * x[i] * (1 + t[i]);
        }
    }

    static void hostBackward(float[] x, float[] gy, float[] gx) {
        float[] t = tanhOfInner(x);
        for (int i = 0; i < gx.length; i++) {
            float v = x[i];
            float d = 0.5f * (1 + t[i]) + 0.5f * v * (1 - t[i] * t[i]) * K * (1 + 3 * C * v * v);
            gx[i] = gy[i] * d;
        }
    }

    /** tanh(u) with u = sqrt(2/pi) (x + 0.044715 x^3), recomputed in backward rather than kept. */
    private static float[] tanhOfInner(float[] x) {
        float[] u = new float[x.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = K * (x[i] + C * x[i] * x[i] * x[i]);
        }
        Transcendentals.tanh(u, u);
        return u;
    }
}
