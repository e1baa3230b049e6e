package org.mimo4j.engine.backend;

/**
 * The small set of heavy kernels the ops dispatch to. {@link CpuBackend} is the reference every other
 * backend (the OpenCL one in {@code kernels/}) is parity-tested against.
 *
 * <p>All arrays are row-major float32 on the host; offsets are element offsets. Outputs are
 * overwritten unless a {@code beta} says otherwise. Kernels check sizes and refuse aliasing of an
 * output with an input, naming the argument at fault.
 */
public interface Backend extends AutoCloseable {

    /** Short name used by {@code --backend}: "cpu", "opencl". */
    String name();

    /** Human description of the device, e.g. "CPU, 2 threads" or the OpenCL device name. */
    String device();

    /**
     * Batched strided SGEMM: for b in [0, batch): C_b = alpha * op(A_b) * op(B_b) + beta * C_b, with
     * op(X) = X or X^T. op(A) is m x k, op(B) is k x n, C is m x n; lda/ldb/ldc are row strides of the
     * matrices as stored; A_b starts at aOff + b * strideA (same for B and C). As in BLAS, beta == 0
     * overwrites C without reading it (old NaNs do not survive) and alpha == 0 or k == 0 reads neither A
     * nor B. A stride of 0 broadcasts one A or B over the batch; the C matrices must not overlap.
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, long strideA,
               float[] b, int bOff, int ldb, long strideB,
               float beta, float[] c, int cOff, int ldc, long strideC, int batch);

    /** y = conv(x, w) + bias (bias may be null), NCHW; see {@link Conv2dShape}. */
    void conv2dForward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y);

    /** dx = gradient of the convolution with respect to its input (overwritten). */
    void conv2dBackwardData(Conv2dShape s, float[] dy, float[] w, float[] dx);

    /** dw = gradient of the convolution with respect to its weight (overwritten; bias grad is the op's). */
    void conv2dBackwardWeight(Conv2dShape s, float[] x, float[] dy, float[] dw);

    /**
     * out = softmax(scale * q k^T + mask) v. {@code mask} is null or an additive [seqQ, seqK] matrix
     * (0 or -infinity) broadcast over the batch; {@code probs} receives the softmax, saved for backward.
     * A row masked everywhere gets all-zero probabilities and a zero output, not NaN.
     */
    void attentionForward(AttentionShape s, float[] q, float[] k, float[] v, float[] mask, float scale,
                          float[] out, float[] probs);

    /** Gradients of {@link #attentionForward} with respect to q, k and v (all overwritten). */
    void attentionBackward(AttentionShape s, float[] q, float[] k, float[] v, float[] probs, float[] dOut,
                           float scale, float[] dq, float[] dk, float[] dv);

    /**
     * Runs {@code body} for every task in [0, tasks), possibly on several threads, and returns when all
     * are done (rethrowing a failure). For host loops of the ops: each task must write only its own part
     * of the output, so that the result does not depend on the threads. The default runs them in order
     * on the calling thread; the CPU backend spreads them over its worker threads.
     */
    default void forEachTask(int tasks, java.util.function.IntConsumer body) {
        for (int t = 0; t < tasks; t++) {
            body.accept(t);
        }
    }

    /**
     * The storage-level kernels of a backend with its own device memory, which let tensors stay on the
     * device between ops; null (the default, and the CPU backend's answer) when data lives on the host.
     */
    default DeviceKernels deviceKernels() {
        return null;
    }

    @Override
    default void close() {
    }
}
