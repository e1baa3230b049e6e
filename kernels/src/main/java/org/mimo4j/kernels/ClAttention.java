package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.AttentionShape;

/**
 * Attention forward (7 launches: two GEMMs of three and the masked softmax) and backward (13: four GEMMs and
 * the softmax backward) on device buffers. Q K^T is never materialised twice: the scores are written
 * into the probabilities buffer and softmaxed in place.
 */
final class ClAttention implements AutoCloseable {
    private final ClLauncher launcher;
    private final ClTuning tuning;
    private final ClGemm gemm;
    private final cl_kernel softmax;
    private final cl_kernel softmaxBackward;

    ClAttention(ClLauncher launcher, ClTuning tuning, ClGemm gemm, cl_program attention) {
        this.launcher = launcher;
        this.tuning = tuning;
        this.gemm = gemm;
        this.softmax = clCreateKernel(attention, "softmax_rows", null);
        this.softmaxBackward = clCreateKernel(attention, "softmax_backward", null);
    }

    void forward(ClScope scope, AttentionShape s, ClBuffer q, ClBuffer k, ClBuffer v, ClBuffer mask, float scale,
                 ClBuffer out, ClBuffer probs) {
        int sq = s.seqQ(), sk = s.seqK(), d = s.dim(), dv = s.dimV(), rows = s.batch() * sq;
        ClMatrix pm = ClMatrix.rowMajor(probs, 0, sk, sq * sk);
        gemm.multiply(scope, sq, sk, d, scale, ClMatrix.rowMajor(q, 0, d, sq * d),
                ClMatrix.rowMajor(k, 0, d, sk * d).t(), 0f, pm, s.batch());
        launcher.launch("softmax_rows", softmax, new long[] {rows}, new long[] {tuning.local1d()},
                probs, mask == null ? probs : mask, mask == null ? 0 : 1, rows, sq, sk);
        gemm.multiply(scope, sq, dv, sk, 1f, pm, ClMatrix.rowMajor(v, 0, dv, sk * dv), 0f,
                ClMatrix.rowMajor(out, 0, dv, sq * dv), s.batch());
    }

    /** dq, dk or dv null: that gradient is not wanted, and its GEMM (and dS, if neither dq nor dk is) is skipped. */
    void backward(ClScope scope, AttentionShape s, ClBuffer q, ClBuffer k, ClBuffer v, ClBuffer probs,
                  ClBuffer dOut, float scale, ClBuffer dq, ClBuffer dk, ClBuffer dv) {
        int sq = s.seqQ(), sk = s.seqK(), d = s.dim(), dV = s.dimV(), rows = s.batch() * sq, b = s.batch();
        ClMatrix pm = ClMatrix.rowMajor(probs, 0, sk, sq * sk);
        ClMatrix dom = ClMatrix.rowMajor(dOut, 0, dV, sq * dV);
        if (dv != null) {
            gemm.multiply(scope, sk, dV, sq, 1f, pm.t(), dom, 0f, ClMatrix.rowMajor(dv, 0, dV, sk * dV), b);
        }
        if (dq == null && dk == null) {
            return;
        }
        ClBuffer ds = scope.buffer((long) rows * sk);
        ClMatrix dsm = ClMatrix.rowMajor(ds, 0, sk, sq * sk);
        gemm.multiply(scope, sq, sk, dV, 1f, dom, ClMatrix.rowMajor(v, 0, dV, sk * dV).t(), 0f, dsm, b);
        launcher.launch("softmax_backward", softmaxBackward, new long[] {rows}, new long[] {tuning.local1d()},
                probs, ds, rows, sk, scale);
        if (dq != null) {
            gemm.multiply(scope, sq, d, sk, 1f, dsm, ClMatrix.rowMajor(k, 0, d, sk * d), 0f,
                    ClMatrix.rowMajor(dq, 0, d, sq * d), b);
        }
        if (dk != null) {
            gemm.multiply(scope, sk, d, sq, 1f, dsm.t(), ClMatrix.rowMajor(q, 0, d, sq * d), 0f,
                    ClMatrix.rowMajor(dk, 0, d, sk * d), b);
        }
    }

    @Override
    public void close() {
        clReleaseKernel(softmax);
        clReleaseKernel(softmaxBackward);
    }
}
