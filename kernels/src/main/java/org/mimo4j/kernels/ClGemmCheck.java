package org.mimo4j.kernels;

import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * The autotune's correctness gate: one random device-resident SGEMM of a candidate against the CPU
 * backend. The shape, 133 x 150 by 37, crosses every candidate tile (8 to 128 rows, 16 to 128
 * columns, 8- and 16-deep slices) with a ragged edge, so a tile that mishandles edges or slices fails.
 * Tolerance per element: {@link #dotTolerance}(k) times sum |a||b|, the float32 dot-product bound.
 */
final class ClGemmCheck {
    private static final int M = 133;
    private static final int N = 150;
    private static final int K = 37;
    private static final double EPS = Math.ulp(1f) / 2;

    private ClGemmCheck() {
    }

    /**
     * 2 gamma_(k+2), gamma_j = j eps / (1 - j eps): each side of a dot product of length k may err by
     * gamma_k times sum |a||b|; the 2 extra roundings cover alpha/beta/bias.
     */
    static double dotTolerance(int k) {
        double g = (k + 2) * EPS / (1 - (k + 2) * EPS);
        return 2 * g;
    }

    /** Null when {@code device}'s SGEMM matches the CPU backend's, else the first wrong element. */
    static String mismatch(DeviceKernels device, long seed) {
        Rng rng = new Rng(seed);
        float[] a = ClAutotune.random(rng, M * K), b = ClAutotune.random(rng, K * N);
        Storage c = device.allocate(M * N);
        device.sgemm(false, false, M, N, K, 1f, Storage.wrap(a), 0, K, 0, Storage.wrap(b), 0, N, 0, 0f, c, 0, N, 0, 1);
        float[] got = c.read();
        float[] want = product(a, b), bound = product(abs(a), abs(b));
        double tol = dotTolerance(K);
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs((double) got[i] - want[i]);
            if (!(err <= tol * bound[i] + 1e-30)) {
                return "C[" + i / N + "][" + i % N + "] of a " + M + "x" + K + " by " + K + "x" + N + " product is "
                        + got[i] + ", the CPU backend's " + want[i];
            }
        }
        return null;
    }

    private static float[] product(float[] a, float[] b) {
        float[] c = new float[M * N];
        try (CpuBackend cpu = new CpuBackend(1)) {
            cpu.sgemm(false, false, M, N, K, 1f, a, 0, K, 0, b, 0, N, 0, 0f, c, 0, N, 0, 1);
        }
        return c;
    }

    private static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }
}
