package org.mimo4j.engine.backend;

/**
 * Loops behind {@link HostDeviceKernels} that the host ops keep inside their own code (the arithmetic
 * of Add/Sub/Mul/Div, max pooling's argmax), copied in the same order of operations; cross-entropy and
 * the optimizer rules call the host ops' own static kernels (CrossEntropy.hostForward/hostBackward,
 * Sgd.apply, Adam.apply). Either way the device path of the engine gives the host path's numbers, and
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

    /** Index into x of the first maximal element of each window (padding never wins). */
    static int[] argmax(PoolShape p, float[] d) {
        int[] arg = new int[p.outputSize()];
        int o = 0;
        for (int plane = 0; plane < p.n() * p.c(); plane++) {
            int base = plane * p.h() * p.w();
            for (int oy = 0; oy < p.outH(); oy++) {
                for (int ox = 0; ox < p.outW(); ox++, o++) {
                    int best = -1;
                    for (int ky = 0; ky < p.kernel(); ky++) {
                        int iy = oy * p.stride() - p.padding() + ky;
                        for (int kx = 0; kx < p.kernel() && iy >= 0 && iy < p.h(); kx++) {
                            int ix = ox * p.stride() - p.padding() + kx;
                            if (ix >= 0 && ix < p.w() && (best < 0 || d[base + iy * p.w() + ix] > d[best])) {
                                best = base + iy * p.w() + ix;
                            }
                        }
                    }
                    arg[o] = best;
                }
            }
        }
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
