package org.mimo4j.engine.backend;

/**
 * The loops behind {@link HostDeviceKernels}' arithmetic, pooling, cross-entropy and optimizer
 * kernels: copies of the host loops of ops.elementwise Add/Sub/Mul/Div, ops.nn.MaxPool2d,
 * ops.nn.CrossEntropy (with LogSoftmax), optim.Sgd and optim.Adam, in the same order of operations, so that the device path of the engine gives the host path's
 * numbers and any difference in a test points at the residency logic, not at roundoff.
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

    /** Writes log-softmax rows to lp and returns the reduced loss. */
    static float crossEntropy(int rows, int classes, float[] x, float[] labels, float smoothing, boolean mean,
                              float[] lp) {
        for (int r = 0; r < rows; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, x[r * classes + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(x[r * classes + j] - max);
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < classes; j++) {
                int k = r * classes + j;
                lp[k] = (float) (x[k] - max - logSum);
            }
        }
        double total = 0;
        for (int i = 0; i < rows; i++) {
            double rowSum = 0;
            for (int j = 0; j < classes; j++) {
                rowSum += lp[i * classes + j];
            }
            total -= (1 - smoothing) * lp[i * classes + (int) labels[i]] + smoothing / classes * rowSum;
        }
        if (mean) {
            total /= rows;
        }
        return (float) total;
    }

    static void crossEntropyBackward(int rows, int classes, float[] lp, float[] labels, float smoothing, boolean mean,
                                     float gy, float[] gx) {
        float scale = mean ? gy / rows : gy;
        float off = smoothing / classes;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < classes; j++) {
                int k = i * classes + j;
                float q = off + (j == (int) labels[i] ? 1 - smoothing : 0f);
                gx[k] = ((float) Math.exp(lp[k]) - q) * scale;
            }
        }
    }

    static void sgd(float[] w, float[] g, float[] b, float lr, float momentum, boolean nesterov, float weightDecay) {
        for (int i = 0; i < w.length; i++) {
            float gi = g[i] + weightDecay * w[i];
            float d = gi;
            if (b != null) {
                b[i] = momentum * b[i] + gi;
                d = nesterov ? gi + momentum * b[i] : b[i];
            }
            w[i] -= lr * d;
        }
    }

    static void adam(float[] w, float[] g, float[] m, float[] v, float lr, float beta1, float beta2, float eps,
                     float l2, float shrink, float c1, float c2) {
        for (int i = 0; i < w.length; i++) {
            float gi = g[i] + l2 * w[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            w[i] = w[i] * shrink - lr * (m[i] / c1) / ((float) Math.sqrt(v[i]) / c2 + eps);
        }
    }
}
