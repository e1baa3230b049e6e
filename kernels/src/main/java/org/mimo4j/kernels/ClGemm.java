package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Device-side batched GEMM on {@link ClMatrix} views: packs A into TM-row blocks and B into TN-wide
 * column panels, then runs the GEMM kernel of {@code matmul.cl} that {@link ClTuning} picks (register
 * blocks on CPUs, local-memory tiles on GPUs; both read the same packing). Three launches per call,
 * whatever the transposes; convolution packs its operands straight from the image and dY and calls
 * {@link #multiplyPacked}, or, for stride 1, reads them in place from zero-padded grids through
 * {@link #multiplyShifted}.
 */
final class ClGemm implements AutoCloseable {
    private final ClLauncher launcher;
    private final ClTuning tuning;
    private final cl_kernel packA;
    private final cl_kernel packB;
    private final cl_kernel gemm;
    /** sgemm_shifted, which only the register-blocked build has; null for sgemm_tiled. */
    private final cl_kernel shifted;

    ClGemm(ClLauncher launcher, ClTuning tuning, cl_program matmul) {
        this.launcher = launcher;
        this.tuning = tuning;
        this.packA = clCreateKernel(matmul, "pack_a", null);
        this.packB = clCreateKernel(matmul, "pack_b", null);
        this.gemm = clCreateKernel(matmul, tuning.gemmKernel(), null);
        this.shifted = tuning.tiled() ? null : clCreateKernel(matmul, "sgemm_shifted", null);
    }

    /** Row blocks of height TM needed to cover {@code m} rows. */
    int blocks(int m) {
        return (m + tuning.tm() - 1) / tuning.tm();
    }

    /** Panels of width TN needed to cover {@code n} columns. */
    int panels(int n) {
        return (n + tuning.tn() - 1) / tuning.tn();
    }

    /** Floats of a packed A for {@code batch} m x k matrices. */
    long packedASize(int m, int k, int batch) {
        return (long) batch * blocks(m) * tuning.tm() * k;
    }

    /** Floats of a packed B for {@code batch} k x n matrices. */
    long packedBSize(int k, int n, int batch) {
        return (long) batch * panels(n) * tuning.tn() * k;
    }

    /**
     * {@link org.mimo4j.engine.backend.Backend#sgemm}'s contract on device buffers (offsets, leading
     * dimensions and batch strides as there, strides already 0 for batch 1): the one entry both the
     * host-array path and the resident-storage path use.
     */
    void sgemm(ClScope scope, boolean transA, boolean transB, int m, int n, int k, float alpha,
               ClBuffer a, int aOff, int lda, int strideA, ClBuffer b, int bOff, int ldb, int strideB,
               float beta, ClBuffer c, int cOff, int ldc, int strideC, int batch) {
        multiply(scope, m, n, k, alpha,
                new ClMatrix(a, aOff, transA ? 1 : lda, transA ? lda : 1, strideA),
                new ClMatrix(b, bOff, transB ? 1 : ldb, transB ? ldb : 1, strideB),
                beta, ClMatrix.rowMajor(c, cOff, ldc, strideC), batch);
    }

    /** C_b = alpha * A_b B_b + beta * C_b for b in [0, batch); A is m x k, B is k x n, C has unit column stride. */
    void multiply(ClScope scope, int m, int n, int k, float alpha, ClMatrix a, ClMatrix b, float beta, ClMatrix c,
                  int batch) {
        boolean shared = a.batchStride() == 0;
        ClBuffer ap = packA(scope, m, k, a, shared ? 1 : batch);
        multiplyPacked(m, n, k, alpha, ap, shared, packB(scope, k, n, b, batch), beta, c, batch, null, 0);
    }

    /** op(A) packed into row blocks; a batch stride of 0 packs the single shared matrix once. */
    ClBuffer packA(ClScope scope, int m, int k, ClMatrix a, int batch) {
        ClBuffer ap = scope.buffer(packedASize(m, k, batch));
        int blocks = blocks(m);
        launcher.launch("pack_a", packA, new long[] {blocks, k, batch}, tuning.packLocal(),
                a.buf(), a.off(), a.rowStride(), a.colStride(), a.batchStride(), m, k, blocks, ap);
        return ap;
    }

    /** op(B) packed into column panels. */
    ClBuffer packB(ClScope scope, int k, int n, ClMatrix b, int batch) {
        ClBuffer bp = scope.buffer(packedBSize(k, n, batch));
        int panels = panels(n);
        launcher.launch("pack_b", packB, new long[] {panels, k, batch}, tuning.packLocal(),
                b.buf(), b.off(), b.rowStride(), b.colStride(), b.batchStride(), k, n, panels, bp);
        return bp;
    }

    /**
     * The GEMM proper on packed operands ({@code sharedA}: one A for the whole batch); {@code rowBias}
     * (m floats from {@code biasOff}) or null is added to every row, which saves conv2d a bias launch.
     */
    void multiplyPacked(int m, int n, int k, float alpha, ClBuffer ap, boolean sharedA, ClBuffer bp, float beta,
                        ClMatrix c, int batch, ClBuffer rowBias, int biasOff) {
        if (c.colStride() != 1) {
            throw new IllegalArgumentException("GEMM output must have unit column stride, got " + c.colStride());
        }
        int panels = panels(n), blocks = blocks(m);
        int[] l = tuning.gemmLocal();
        // sgemm_packed: one work-item per (panel, block); sgemm_tiled: one work-group per (panel, block)
        int gx = tuning.tiled() ? l[0] : 1, gy = tuning.tiled() ? l[1] : 1;
        long[] global = {(long) panels * gx, (long) blocks * gy, batch};
        launcher.launch(tuning.gemmKernel(), gemm, global, new long[] {l[0], l[1], 1},
                m, n, k, blocks, sharedA ? 0 : blocks, panels, ap, bp,
                c.buf(), c.off(), c.rowStride(), c.batchStride(), alpha, beta,
                rowBias == null ? bp : rowBias, biasOff, rowBias == null ? 0 : 1);
    }

    /** Whether {@link #multiplyShifted} is available: only with the register-blocked GEMM. */
    boolean shifts() {
        return shifted != null;
    }

    /**
     * C_b = A x (the column matrix of grid b) + rowBias, for a stride-1 convolution on zero-padded grids
     * (matmul.cl's sgemm_shifted says how): A is packed once (m x k), {@code grid} holds {@code batch}
     * grids of {@code g}'s geometry, and C_b's rows (ldc apart, C_b at c's offset + b * batch stride)
     * get the compacted output positions.
     */
    void multiplyShifted(int m, int k, ClBuffer ap, ClBuffer grid, ClGrid g, ClMatrix c, int batch,
                         ClBuffer rowBias, int biasOff) {
        int panels = panels(g.positions()), blocks = blocks(m);
        int[] l = tuning.gemmLocal();
        launcher.launch("sgemm_shifted", shifted, new long[] {panels, blocks, batch}, new long[] {l[0], l[1], 1},
                m, k, blocks, panels, ap, grid, g.stride(), g.kh(), g.kw(), g.gh(), g.gw(), g.positions(), g.ow(),
                c.buf(), c.off(), c.rowStride(), c.batchStride(),
                rowBias == null ? ap : rowBias, biasOff, rowBias == null ? 0 : 1);
    }

    @Override
    public void close() {
        if (shifted != null) {
            clReleaseKernel(shifted);
        }
        clReleaseKernel(packA);
        clReleaseKernel(packB);
        clReleaseKernel(gemm);
    }
}
