package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Device-side batched GEMM on {@link ClMatrix} views: packs B into TN-wide column panels, then runs
 * the register-blocked kernel of {@code matmul.cl}. Two launches per call, whatever the transposes;
 * convolution packs its own B straight from the image and calls {@link #multiplyPacked}.
 */
final class ClGemm implements AutoCloseable {
    private final ClLauncher launcher;
    private final ClTuning tuning;
    private final cl_kernel pack;
    private final cl_kernel gemm;

    ClGemm(ClLauncher launcher, ClTuning tuning, cl_program matmul) {
        this.launcher = launcher;
        this.tuning = tuning;
        this.pack = clCreateKernel(matmul, "pack_b", null);
        this.gemm = clCreateKernel(matmul, "sgemm_panel", null);
    }

    /** Panels of width TN needed to cover {@code n} columns. */
    int panels(int n) {
        return (n + tuning.tn() - 1) / tuning.tn();
    }

    /** Floats of a packed B for {@code batch} k x n matrices. */
    long packedSize(int k, int n, int batch) {
        return (long) batch * panels(n) * tuning.tn() * k;
    }

    /** C_b = alpha * A_b B_b + beta * C_b for b in [0, batch); A is m x k, B is k x n, C has unit column stride. */
    void multiply(ClScope scope, int m, int n, int k, float alpha, ClMatrix a, ClMatrix b, float beta, ClMatrix c,
                  int batch) {
        ClBuffer bp = scope.buffer(packedSize(k, n, batch));
        int panels = panels(n);
        launcher.launch("pack_b", pack, new long[] {(long) panels * tuning.tn(), k, batch},
                new long[] {tuning.tn(), 1, 1},
                b.buf(), b.off(), b.rowStride(), b.colStride(), b.batchStride(), k, n, panels, bp);
        multiplyPacked(m, n, k, alpha, a, bp, beta, c, batch, null, 0);
    }

    /**
     * The GEMM proper on an already packed B; {@code rowBias} (m floats from {@code biasOff}) or null is
     * added to every row, which saves conv2d a separate bias launch.
     */
    void multiplyPacked(int m, int n, int k, float alpha, ClMatrix a, ClBuffer bp, float beta, ClMatrix c,
                        int batch, ClBuffer rowBias, int biasOff) {
        if (c.colStride() != 1) {
            throw new IllegalArgumentException("GEMM output must have unit column stride, got " + c.colStride());
        }
        int panels = panels(n);
        int[] l = tuning.gemmLocal();
        launcher.launch("sgemm_panel", gemm, new long[] {panels, (m + tuning.tm() - 1) / tuning.tm(), batch},
                new long[] {l[0], l[1], 1},
                m, n, k, panels, a.buf(), a.off(), a.rowStride(), a.colStride(), a.batchStride(), bp,
                c.buf(), c.off(), c.rowStride(), c.batchStride(), alpha, beta,
                rowBias == null ? bp : rowBias, biasOff, rowBias == null ? 0 : 1);
    }

    @Override
    public void close() {
        clReleaseKernel(pack);
        clReleaseKernel(gemm);
    }
}
