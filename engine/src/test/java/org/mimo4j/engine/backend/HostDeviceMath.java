package org.mimo4j.engine.backend;

import org.mimo4j.engine.ops.nn.MaxPool2d;

/**
 * Loops behind {@link HostDeviceKernels}: the arithmetic of Add/Sub/Mul/Div, which the host ops keep
 * inside their own code, copied in the same order of operations; max pooling, cross-entropy and the
 * optimizer rules call the host ops' own static kernels (MaxPool2d.hostForward,
 * CrossEntropy.hostForward/hostBackward, Sgd.apply, Adam.apply). Either way the device path of the engine gives the host path's numbers, and
 * any difference in a test points at the residency logic, not at roundoff.
 */
final class HostDeviceMath {
    private HostDeviceMath() {
    }

    /** The scalar arithmetic of DeviceKernels.binary and scalar, as Add, Sub, Mul and Div loop. */
    static float arith(DeviceKernels.Arith op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }

    /** Index into x of the first maximal element of each window: the host op's own forward. */
    static int[] argmax(PoolShape p, float[] d) {
        int[] arg = new int[p.outputSize()];
        MaxPool2d.hostForward(p, d, new float[arg.length], arg);
        return arg;
    }

    /** Class indices from their exact-float device form. */
    static int[] classes(float[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) labels[i];
        }
        return out;
    }
}
