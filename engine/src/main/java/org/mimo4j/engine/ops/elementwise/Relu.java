package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.HostChunks;
import org.mimo4j.engine.ops.VectorApi;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Elementwise max(x, 0) (NaN stays NaN); d/dx = 1 for x > 0, else 0 (0 at the kink). Runs on the
 * device with a device backend ({@link DeviceKernels.Unary#RELU}); on the host both loops are spread
 * over the backend's threads ({@link HostChunks}).
 */
public final class Relu extends UnaryOp {
    /** Whether the backward runs on the Vector API ({@link ReluSimd}); fixed for the life of the JVM. */
    static final boolean SIMD = VectorApi.usable(() -> ReluSimd.lanes());

    private Relu(Tensor x) {
        super(x, DeviceKernels.Unary.RELU, 0, 0);
    }

    public static Tensor apply(Tensor x) {
        return new Relu(x).output();
    }

    @Override
    public String name() {
        return "relu";
    }

    /** Relu of one value, as the forward loop computes it: for ops that fuse relu into their own loop. */
    public static float of(float x) {
        return Math.max(x, 0f);
    }

    /** Relu's gradient at one value, as the backward loop computes it: g where x > 0 (or a NaN), else +0. */
    public static float gradient(float x, float g) {
        return Branchless.passIfPositive(x, g);
    }

    static void hostForward(float[] x, float[] y) {
        HostChunks.forEach(y.length, HostChunks.GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = of(x[i]);
            }
        });
    }

    static void hostBackward(float[] x, float[] gy, float[] gx) {
        hostBackward(x, gy, gx, SIMD);
    }

    /** {@link #hostBackward} with or without the Vector API (for tests; {@code simd} needs the module). */
    static void hostBackward(float[] x, float[] gy, float[] gx, boolean simd) {
        HostChunks.forEach(gx.length, HostChunks.GRAIN, (from, to) -> {
            for (int i = simd ? ReluSimd.backward(x, gy, gx, from, to) : from; i < to; i++) {
                gx[i] = gradient(x[i], gy[i]);
            }
        });
    }
}
