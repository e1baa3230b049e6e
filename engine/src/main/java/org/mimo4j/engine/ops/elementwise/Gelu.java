package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.tensor.Tensor;

/**
 * GELU in its tanh form (Hendrycks and Gimpel; the form BERT and GPT-2 use):
 * y = x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3);
 * dy/dx = (1 + tanh u)/2 + x/2 (1 - tanh^2 u) sqrt(2/pi) (1 + 3 * 0.044715 x^2).
 */
public final class Gelu extends UnaryOp {
    static final double K = Math.sqrt(2 / Math.PI);
    static final double C = 0.044715;

    private Gelu(Tensor x) {
        super(x);
    }

    public static Tensor apply(Tensor x) {
        return new Gelu(x).output();
    }

    @Override
    public String name() {
        return "gelu";
    }

    @Override
    void forward(float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) {
            double v = x[i];
            y[i] = (float) (0.5 * v * (1 + Math.tanh(K * (v + C * v * v * v))));
        }
    }

    @Override
    void backward(float[] x, float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < gx.length; i++) {
            double v = x[i];
            double t = Math.tanh(K * (v + C * v * v * v));
            double d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * C * v * v);
            gx[i] = (float) (gy[i] * d);
        }
    }
}
