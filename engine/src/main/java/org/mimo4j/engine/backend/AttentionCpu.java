package org.mimo4j.engine.backend;

/**
 * Scaled dot-product attention on {@link SgemmCpu}, one batch entry per task: scores = scale q k^T
 * (+ mask), a numerically stable row softmax (max subtracted first), out = P v. Backward uses the
 * saved probabilities: dv = P^T dOut, dP = dOut v^T, dS = P * (dP - rowsum(dP * P)),
 * dq = scale dS k, dk = scale dS^T q. The softmax rows run on {@link SoftmaxRows} (SIMD exp when the
 * Vector API is present).
 */
final class AttentionCpu {
    private final SgemmCpu gemm;
    private final WorkerPool pool;
    /** Per thread and shared by all backends: a thread works on one batch entry at a time. */
    private static final Scratch SCORE_GRADIENTS = new Scratch();

    AttentionCpu(SgemmCpu gemm, WorkerPool pool) {
        this.gemm = gemm;
        this.pool = pool;
    }

    void forward(AttentionShape s, float[] q, float[] k, float[] v, float[] mask, float scale,
                 float[] out, float[] probs) {
        int sq = s.seqQ(), sk = s.seqK(), d = s.dim(), dv = s.dimV();
        pool.forEach(s.batch(), b -> {
            int p = b * sq * sk;
            gemm.sgemm(false, true, sq, sk, d, scale, q, b * sq * d, d, 0, k, b * sk * d, d, 0,
                    0f, probs, p, sk, 0, 1);
            for (int i = 0; i < sq; i++) {
                SoftmaxRows.forward(probs, p + i * sk, sk, mask, i * sk);
            }
            gemm.sgemm(false, false, sq, dv, sk, 1f, probs, p, sk, 0, v, b * sk * dv, dv, 0,
                    0f, out, b * sq * dv, dv, 0, 1);
        });
    }

    void backward(AttentionShape s, float[] q, float[] k, float[] v, float[] probs, float[] dOut, float scale,
                  float[] dq, float[] dk, float[] dv) {
        int sq = s.seqQ(), sk = s.seqK(), d = s.dim(), dV = s.dimV();
        pool.forEach(s.batch(), b -> {
            int p = b * sq * sk, o = b * sq * dV;
            gemm.sgemm(true, false, sk, dV, sq, 1f, probs, p, sk, 0, dOut, o, dV, 0, 0f, dv, b * sk * dV, dV, 0, 1);
            float[] ds = SCORE_GRADIENTS.get(sq * sk);
            gemm.sgemm(false, true, sq, sk, dV, 1f, dOut, o, dV, 0, v, b * sk * dV, dV, 0, 0f, ds, 0, sk, 0, 1);
            for (int i = 0; i < sq; i++) {
                SoftmaxRows.backward(probs, p + i * sk, ds, i * sk, sk);
            }
            gemm.sgemm(false, false, sq, d, sk, scale, ds, 0, sk, 0, k, b * sk * d, d, 0, 0f, dq, b * sq * d, d, 0, 1);
            gemm.sgemm(true, false, sk, d, sq, scale, ds, 0, sk, 0, q, b * sq * d, d, 0, 0f, dk, b * sk * d, d, 0, 1);
        });
    }
}
