package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.AttentionShape;

/**
 * Attention forward and backward on device buffers, for both the host-array path of {@link ClBackend}
 * and the resident one of {@link ClDeviceKernels}. The products run on {@link ClGemm}'s packed GEMM
 * with the score scale in alpha; the row kernels of {@code attention.cl} in between write their
 * results straight into the packed A layout of the next product, so those operands skip pack_a.
 * On a CPU device (register-blocked rows), forward 4 launches: S = Q K^T (pack K^T, GEMM reading Q in place),
 * P = softmax(S + mask) in place into probs and packed (1), out = P V (1: V read in place where its width is a
 * whole number of panels, else pack V first). Backward 7: dv = P^T dOut (2), dP = dOut V^T (2),
 * dS = P * (dP - rowsum(dP * P)) packed as the A of both dq = dS K and dk = dS^T Q (1), and those two (1 each,
 * K and Q read in place likewise). Tiled (GPU) rows pack every B and some A: a launch or two more per product.
 * The probabilities are the forward's, kept by the caller: recomputing them would cost the Q K^T product and the
 * softmax again (3 launches) to save seqQ * seqK floats per batch entry that the forward writes anyway.
 *
 * <p>The two row kernels come in two forms ({@value #SOFTMAX_BLOCKS_PROPERTY}): a work-item per row, whose
 * neighbours write neighbouring floats of the packed operand (a GPU's stores then coalesce), or, on CPU
 * devices, a work-item per block of TM rows that writes its packed block in order (attention.cl: PoCL's
 * softmax of 8192 rows of 64 took 0.64-0.72x the per-row form's time, the benchmark's attention fwd+bwd
 * 0.87-0.89x and its forward 0.91x, one JVM alternating both forms on a 2-core EPYC with AVX-512). Both give
 * the same bits.
 */
final class ClAttention implements AutoCloseable {
    /** {@code auto} (the default: row blocks on CPU devices), {@code true} or {@code false}: the row kernels' form. */
    static final String SOFTMAX_BLOCKS_PROPERTY = "mimo4j.opencl.softmaxBlocks";

    private final ClLauncher launcher;
    private final ClTuning tuning;
    private final ClGemm gemm;
    /** Whether the row kernels run a work-item per block of TM rows (softmax_blocks) rather than per row. */
    private final boolean rowBlocks;
    /** The row kernels' names in {@link #rowBlocks}'s form, for their launches. */
    private final String softmaxName;
    private final String softmaxBackwardName;
    private final cl_kernel softmax;
    private final cl_kernel softmaxBackward;

    ClAttention(ClLauncher launcher, ClTuning tuning, ClGemm gemm, cl_program attention, boolean rowBlocks) {
        this.launcher = launcher;
        this.tuning = tuning;
        this.gemm = gemm;
        this.rowBlocks = rowBlocks;
        this.softmaxName = rowBlocks ? "softmax_blocks" : "softmax_rows";
        this.softmaxBackwardName = rowBlocks ? "softmax_backward_blocks" : "softmax_backward";
        this.softmax = clCreateKernel(attention, softmaxName, null);
        this.softmaxBackward = clCreateKernel(attention, softmaxBackwardName, null);
    }

    /** The row kernels' form for a device of {@code kind}, as {@value #SOFTMAX_BLOCKS_PROPERTY} says. */
    static boolean rowBlocks(ClRuntime.DeviceKind kind) {
        String value = System.getProperty(SOFTMAX_BLOCKS_PROPERTY, "auto");
        return switch (value) {
            case "auto" -> kind == ClRuntime.DeviceKind.CPU;
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(
                    SOFTMAX_BLOCKS_PROPERTY + " must be auto, true or false, got '" + value + "'");
        };
    }

    void forward(ClScope scope, AttentionShape s, ClBuffer q, ClBuffer k, ClBuffer v, ClBuffer mask, float scale,
                 ClBuffer out, ClBuffer probs) {
        int sq = s.seqQ(), sk = s.seqK(), d = s.dim(), dv = s.dimV(), b = s.batch(), blocks = gemm.blocks(sq);
        gemm.multiply(scope, sq, sk, d, scale, ClMatrix.rowMajor(q, 0, d, sq * d),
                ClMatrix.rowMajor(k, 0, d, sk * d).t(), 0f, ClMatrix.rowMajor(probs, 0, sk, sq * sk), b);
        ClBuffer packedP = scope.buffer(gemm.packedASize(sq, sk, b));
        launcher.launch(softmaxName, softmax, workItems(b, blocks),
                new long[] {tuning.local1d()}, probs, mask == null ? probs : mask, mask == null ? 0 : 1, b, sq, sk,
                blocks, packedP);
        packedTimesRowMajor(scope, sq, dv, sk, packedP, v, out, b);
    }

    /** dq, dk or dv null: that gradient is not wanted, and its GEMM (and dS, if neither dq nor dk is) is skipped. */
    void backward(ClScope scope, AttentionShape s, ClBuffer q, ClBuffer k, ClBuffer v, ClBuffer probs,
                  ClBuffer dOut, float scale, ClBuffer dq, ClBuffer dk, ClBuffer dv) {
        int sq = s.seqQ(), sk = s.seqK(), d = s.dim(), dV = s.dimV(), b = s.batch();
        ClMatrix dom = ClMatrix.rowMajor(dOut, 0, dV, sq * dV);
        if (dv != null) {
            gemm.multiply(scope, sk, dV, sq, 1f, ClMatrix.rowMajor(probs, 0, sk, sq * sk).t(), dom, 0f,
                    ClMatrix.rowMajor(dv, 0, dV, sk * dV), b);
        }
        if (dq == null && dk == null) {
            return;
        }
        ClBuffer dp = scope.buffer((long) b * sq * sk);
        gemm.multiply(scope, sq, sk, dV, 1f, dom, ClMatrix.rowMajor(v, 0, dV, sk * dV).t(), 0f,
                ClMatrix.rowMajor(dp, 0, sk, sq * sk), b);
        int blocksQ = gemm.blocks(sq), blocksK = gemm.blocks(sk);
        ClBuffer ds = dq == null ? dp : scope.buffer(gemm.packedASize(sq, sk, b));
        ClBuffer dsT = dk == null ? dp : scope.buffer(gemm.packedASize(sk, sq, b));
        launcher.launch(softmaxBackwardName, softmaxBackward, workItems(b, blocksQ), new long[] {tuning.local1d()},
                probs, dp, b, sq, sk, scale, blocksQ, ds, dq == null ? 0 : 1, blocksK, dsT, dk == null ? 0 : 1);
        if (dq != null) {
            packedTimesRowMajor(scope, sq, d, sk, ds, k, dq, b);
        }
        if (dk != null) {
            packedTimesRowMajor(scope, sk, d, sq, dsT, q, dk, b);
        }
    }

    /**
     * C = A B per batch entry for an A the row kernels packed (m x depth) and row-major B (depth x n), C (m x n):
     * B read in place where the GEMM can ({@link ClGemm#multiplyPackedByRowMajor}).
     */
    private void packedTimesRowMajor(ClScope scope, int m, int n, int depth, ClBuffer packedA, ClBuffer b, ClBuffer c,
                                     int batch) {
        gemm.multiplyPackedByRowMajor(scope, m, n, depth, packedA, ClMatrix.rowMajor(b, 0, n, depth * n),
                ClMatrix.rowMajor(c, 0, n, m * n), batch);
    }

    /**
     * Work-items of the row kernels: every row of the packed matrices, padding rows included, or with
     * {@link #rowBlocks} every block of TM rows.
     */
    private long[] workItems(int batch, int blocks) {
        return new long[] {(long) batch * blocks * (rowBlocks ? 1 : tuning.tm())};
    }

    @Override
    public void close() {
        clReleaseKernel(softmax);
        clReleaseKernel(softmaxBackward);
    }
}
