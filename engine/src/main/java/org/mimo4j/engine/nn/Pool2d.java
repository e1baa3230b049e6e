package org.mimo4j.engine.nn;

import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Max or average pooling over square windows of NCHW input, as a layer; {@link Kind#RELU_MAX} is ReLU
 * then max pooling in one op ({@link F#reluMaxPool2d}: the same values and gradients, one pass fewer).
 */
public final class Pool2d extends Layer {

    /** Which reduction a window applies. */
    public enum Kind {
        MAX, AVG, RELU_MAX
    }

    private final Kind kind;
    private final int kernel;
    private final int stride;
    private final int padding;

    public Pool2d(Kind kind, int kernel, int stride, int padding) {
        if (kernel <= 0 || stride <= 0 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("Pool2d needs kernel > 0, stride > 0 and 0 <= padding <= kernel/2; got "
                    + kernel + ", " + stride + ", " + padding);
        }
        this.kind = kind;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    public static Pool2d max(int kernel, int stride) {
        return new Pool2d(Kind.MAX, kernel, stride, 0);
    }

    /** ReLU, then max pooling, as one op. */
    public static Pool2d reluMax(int kernel, int stride) {
        return new Pool2d(Kind.RELU_MAX, kernel, stride, 0);
    }

    @Override
    public Tensor forward(Tensor x) {
        return switch (kind) {
            case MAX -> F.maxPool2d(x, kernel, stride, padding);
            case RELU_MAX -> F.reluMaxPool2d(x, kernel, stride, padding);
            case AVG -> F.avgPool2d(x, kernel, stride, padding);
        };
    }
}
