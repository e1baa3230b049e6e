package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;

/**
 * The host loops of the unary elementwise ops by {@link DeviceKernels.Unary}: the one place where the
 * host path ({@link UnaryOp}), the engine's device test double and the OpenCL parity tests find each
 * op's {@code hostForward} / {@code hostBackward}, so all three run the same math.
 */
public final class UnaryHost {
    private UnaryHost() {
    }

    /** y[i] = f(x[i]); {@code a}, {@code b}: the op's constants as {@link DeviceKernels.Unary} lists them. */
    public static void forward(DeviceKernels.Unary op, float[] x, float a, float b, float[] y) {
        switch (op) {
            case RELU -> Relu.hostForward(x, y);
            case GELU -> Gelu.hostForward(x, y);
            case TANH -> Tanh.hostForward(x, y);
            case SIGMOID -> Sigmoid.hostForward(x, y);
            case EXP -> Exp.hostForward(x, y);
            case LOG -> Log.hostForward(x, y);
            case SQRT -> Sqrt.hostForward(x, y);
            case ABS -> Abs.hostForward(x, y);
            case NEG -> Neg.hostForward(x, y);
            case LEAKY_RELU -> LeakyRelu.hostForward(x, a, y);
            case CLAMP -> Clamp.hostForward(x, a, b, y);
            case POW -> Pow.hostForward(x, a, y);
        }
    }

    /** gx[i] = gy[i] f'(x[i]), from x or the forward's output y as each op's loop prefers. */
    public static void backward(DeviceKernels.Unary op, float[] x, float[] y, float[] gy, float a, float b,
                                float[] gx) {
        switch (op) {
            case RELU -> Relu.hostBackward(x, gy, gx);
            case GELU -> Gelu.hostBackward(x, gy, gx);
            case TANH -> Tanh.hostBackward(y, gy, gx);
            case SIGMOID -> Sigmoid.hostBackward(y, gy, gx);
            case EXP -> Exp.hostBackward(y, gy, gx);
            case LOG -> Log.hostBackward(x, gy, gx);
            case SQRT -> Sqrt.hostBackward(y, gy, gx);
            case ABS -> Abs.hostBackward(x, gy, gx);
            case NEG -> Neg.hostBackward(gy, gx);
            case LEAKY_RELU -> LeakyRelu.hostBackward(x, gy, a, gx);
            case CLAMP -> Clamp.hostBackward(x, gy, a, b, gx);
            case POW -> Pow.hostBackward(x, gy, a, gx);
        }
    }
}
