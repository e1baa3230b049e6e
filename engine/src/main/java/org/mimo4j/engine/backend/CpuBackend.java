package org.mimo4j.engine.backend;

/**
 * The reference backend: plain Java on the host. sgemm is a cache-blocked, packed-panel GEMM with a
 * Vector API microkernel ({@link SgemmCpu}); conv2d is im2col + that GEMM ({@link Conv2dCpu});
 * attention is built on it too ({@link AttentionCpu}). Work is spread over a thread pool the backend
 * owns ({@link #close()} shuts it down), with a partition that makes results bitwise identical for
 * any thread count. Every other backend is parity-tested against this one.
 *
 * <p>This class only checks arguments (sizes against shapes, output aliasing) and dispatches.
 */
public final class CpuBackend implements Backend {
    private final WorkerPool pool;
    private final SgemmCpu gemm;
    private final Conv2dCpu conv;
    private final AttentionCpu attention;

    /** A CPU backend with {@code threads} worker threads (the caller's thread counts as one). */
    public CpuBackend(int threads) {
        this(threads, Microkernels.best());
    }

    /** For tests: a backend on a chosen microkernel (scalar or vector). */
    CpuBackend(int threads, Microkernel kernel) {
        this.pool = new WorkerPool(threads);
        this.gemm = new SgemmCpu(kernel, pool);
        this.conv = new Conv2dCpu(gemm, pool);
        this.attention = new AttentionCpu(gemm, pool);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        int t = pool.threads();
        return "CPU, " + t + (t == 1 ? " thread" : " threads") + ", " + gemm.describe();
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, long strideA,
                      float[] b, int bOff, int ldb, long strideB,
                      float beta, float[] c, int cOff, int ldc, long strideC, int batch) {
        pool.ensureOpen();
        KernelChecks.nonNegative("sgemm", "m", m);
        KernelChecks.nonNegative("sgemm", "n", n);
        KernelChecks.nonNegative("sgemm", "k", k);
        KernelChecks.nonNegative("sgemm", "batch", batch);
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        long[] ea = KernelChecks.matrix("a", a, aOff, lda, strideA, transA ? k : m, transA ? m : k, batch);
        long[] eb = KernelChecks.matrix("b", b, bOff, ldb, strideB, transB ? n : k, transB ? k : n, batch);
        long[] ec = KernelChecks.matrix("c", c, cOff, ldc, strideC, m, n, batch);
        if (batch > 1 && strideC < (long) (m - 1) * ldc + n) {
            throw new IllegalArgumentException("sgemm: strideC=" + strideC + " makes the " + batch
                    + " output matrices overlap; each needs " + ((long) (m - 1) * ldc + n) + " elements");
        }
        if (k > 0) {
            KernelChecks.noOverlap("c", c, ec, "a", a, ea);
            KernelChecks.noOverlap("c", c, ec, "b", b, eb);
        }
        gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, strideA, b, bOff, ldb, strideB,
                beta, c, cOff, ldc, strideC, batch);
    }

    @Override
    public void forEachTask(int tasks, java.util.function.IntConsumer body) {
        KernelChecks.nonNegative("forEachTask", "tasks", tasks);
        pool.forEach(tasks, body);
    }

    @Override
    public void conv2dForward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        pool.ensureOpen();
        KernelChecks.Call kernel = new KernelChecks.Call("conv2dForward", s);
        KernelChecks.length(kernel, "x", x, s.inputSize());
        KernelChecks.length(kernel, "w", w, s.weightSize());
        if (bias != null) {
            KernelChecks.length(kernel, "bias", bias, s.outChannels());
        }
        KernelChecks.length(kernel, "y", y, s.outputSize());
        KernelChecks.distinct(kernel, "y", y, new String[] {"x", "w", "bias"}, x, w, bias);
        conv.forward(s, x, w, bias, y);
    }

    @Override
    public void conv2dBackwardData(Conv2dShape s, float[] dy, float[] w, float[] dx) {
        pool.ensureOpen();
        KernelChecks.Call kernel = new KernelChecks.Call("conv2dBackwardData", s);
        KernelChecks.length(kernel, "dy", dy, s.outputSize());
        KernelChecks.length(kernel, "w", w, s.weightSize());
        KernelChecks.length(kernel, "dx", dx, s.inputSize());
        KernelChecks.distinct(kernel, "dx", dx, new String[] {"dy", "w"}, dy, w);
        conv.backwardData(s, dy, w, dx);
    }

    @Override
    public void conv2dBackwardWeight(Conv2dShape s, float[] x, float[] dy, float[] dw) {
        pool.ensureOpen();
        KernelChecks.Call kernel = new KernelChecks.Call("conv2dBackwardWeight", s);
        KernelChecks.length(kernel, "x", x, s.inputSize());
        KernelChecks.length(kernel, "dy", dy, s.outputSize());
        KernelChecks.length(kernel, "dw", dw, s.weightSize());
        KernelChecks.distinct(kernel, "dw", dw, new String[] {"x", "dy"}, x, dy);
        conv.backwardWeight(s, x, dy, dw);
    }

    @Override
    public void attentionForward(AttentionShape s, float[] q, float[] k, float[] v, float[] mask, float scale,
                                 float[] out, float[] probs) {
        pool.ensureOpen();
        KernelChecks.Call kernel = new KernelChecks.Call("attentionForward", s);
        checkQkv(kernel, s, "", q, k, v);
        if (mask != null) {
            KernelChecks.length(kernel, "mask", mask, (long) s.seqQ() * s.seqK());
        }
        KernelChecks.length(kernel, "out", out, (long) s.batch() * s.seqQ() * s.dimV());
        KernelChecks.length(kernel, "probs", probs, (long) s.batch() * s.seqQ() * s.seqK());
        String[] inputs = {"q", "k", "v", "mask"};
        KernelChecks.distinct(kernel, "out", out, inputs, q, k, v, mask);
        KernelChecks.distinct(kernel, "probs", probs, inputs, q, k, v, mask);
        KernelChecks.distinct(kernel, "probs", probs, new String[] {"out"}, out);
        attention.forward(s, q, k, v, mask, scale, out, probs);
    }

    @Override
    public void attentionBackward(AttentionShape s, float[] q, float[] k, float[] v, float[] probs, float[] dOut,
                                  float scale, float[] dq, float[] dk, float[] dv) {
        pool.ensureOpen();
        KernelChecks.Call kernel = new KernelChecks.Call("attentionBackward", s);
        checkQkv(kernel, s, "", q, k, v);
        KernelChecks.length(kernel, "probs", probs, (long) s.batch() * s.seqQ() * s.seqK());
        KernelChecks.length(kernel, "dOut", dOut, (long) s.batch() * s.seqQ() * s.dimV());
        checkQkv(kernel, s, "d", dq, dk, dv);
        String[] inputs = {"q", "k", "v", "probs", "dOut"};
        KernelChecks.distinct(kernel, "dq", dq, inputs, q, k, v, probs, dOut);
        KernelChecks.distinct(kernel, "dk", dk, inputs, q, k, v, probs, dOut);
        KernelChecks.distinct(kernel, "dv", dv, inputs, q, k, v, probs, dOut);
        KernelChecks.distinct(kernel, "dk", dk, new String[] {"dq"}, dq);
        KernelChecks.distinct(kernel, "dv", dv, new String[] {"dq", "dk"}, dq, dk);
        attention.backward(s, q, k, v, probs, dOut, scale, dq, dk, dv);
    }

    /** Checks q, k, v (or, with prefix "d", their gradients) against the shape. */
    private static void checkQkv(KernelChecks.Call kernel, AttentionShape s, String prefix, float[] q, float[] k, float[] v) {
        KernelChecks.length(kernel, prefix + "q", q, (long) s.batch() * s.seqQ() * s.dim());
        KernelChecks.length(kernel, prefix + "k", k, (long) s.batch() * s.seqK() * s.dim());
        KernelChecks.length(kernel, prefix + "v", v, (long) s.batch() * s.seqK() * s.dimV());
    }

    /** Shuts the worker threads down; later calls fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        pool.close();
    }
}
