package org.mimo4j.engine.backend;

/**
 * Geometry of a square-window pooling in NCHW: input [n, c, h, w], output [n, c, outH, outW].
 * Validated by the op that builds it (ops.nn.MaxPool2d).
 */
public record PoolShape(int n, int c, int h, int w, int kernel, int stride, int padding) {
    public int outH() {
        return (h + 2 * padding - kernel) / stride + 1;
    }

    public int outW() {
        return (w + 2 * padding - kernel) / stride + 1;
    }

    public int inputSize() {
        return n * c * h * w;
    }

    public int outputSize() {
        return n * c * outH() * outW();
    }
}
