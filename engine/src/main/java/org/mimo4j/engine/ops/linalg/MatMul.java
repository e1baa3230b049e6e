package org.mimo4j.engine.ops.linalg;

import java.util.Arrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Matrix product with NumPy semantics: [..., m, k] x [..., k, n] -> [..., m, n], the batch axes
 * broadcast against each other, a 1-d left operand is a row vector and a 1-d right operand a column
 * vector (their axis is dropped from the result). Forward and both gradients are one batched
 * {@link Backend#sgemm} each: dA = dC B^T, dB = A^T dC, summed over broadcast batch axes. Two dense
 * matrices (the common x W of a dense layer) multiply on the device when the backend has device
 * kernels ({@link DeviceKernels#sgemm}), and so do both gradients.
 */
public final class MatMul extends Node {
    private final float[] a;
    private final float[] b;
    private Storage da;
    private Storage db;
    private final int[] aShape;
    private final int[] bShape;
    private final int[] batch;
    private final int m;
    private final int k;
    private final int n;

    private MatMul(Tensor ta, Tensor tb, float[] a, float[] b, int[] aShape, int[] bShape, int[] batch) {
        super(ta, tb);
        this.a = a;
        this.b = b;
        this.aShape = aShape;
        this.bShape = bShape;
        this.batch = batch;
        this.m = aShape[aShape.length - 2];
        this.k = aShape[aShape.length - 1];
        this.n = bShape[bShape.length - 1];
    }

    public static Tensor apply(Tensor ta, Tensor tb) {
        if (ta.dim() == 0 || tb.dim() == 0) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shapes.str(ta.shape()) + " by "
                    + Shapes.str(tb.shape()) + ": both operands need at least one dimension");
        }
        int[] as = ta.dim() == 1 ? new int[] {1, ta.size(0)} : ta.shape();
        int[] bs = tb.dim() == 1 ? new int[] {tb.size(0), 1} : tb.shape();
        int ka = as[as.length - 1];
        int kb = bs[bs.length - 2];
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shapes.str(ta.shape()) + " by "
                    + Shapes.str(tb.shape()) + ": inner dimensions " + ka + " and " + kb + " differ");
        }
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && ta.dim() == 2 && tb.dim() == 2 && ta.dense() != null && tb.dense() != null
                && as[0] > 0 && ka > 0 && bs[1] > 0) {
            return onDevice(dk, ta, tb);
        }
        int[] batch = Shapes.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        float[] a = Strided.broadcastTo(ta.data(), as, withMatrix(batch, as));
        float[] b = Strided.broadcastTo(tb.data(), bs, withMatrix(batch, bs));
        MatMul op = new MatMul(ta, tb, a, b, as, bs, batch);
        float[] c = new float[Shapes.numel(batch) * op.m * op.n];
        op.gemm(false, false, op.m, op.n, op.k, a, op.k, b, op.n, c, op.n);
        return Tensor.fromOp(c, resultShape(batch, op.m, op.n, ta.dim() == 1, tb.dim() == 1), op.ifRecording());
    }

    private static Tensor onDevice(DeviceKernels dk, Tensor ta, Tensor tb) {
        MatMul op = new MatMul(ta, tb, null, null, ta.shape(), tb.shape(), new int[0]);
        op.da = ta.dense();
        op.db = tb.dense();
        Storage c = dk.allocate(op.m * op.n);
        dk.sgemm(false, false, op.m, op.n, op.k, 1f, op.da, 0, op.k, 0, op.db, 0, op.n, 0, 0f, c, 0, op.n, 0, 1);
        return Tensor.fromOp(c, new int[] {op.m, op.n}, op.ifRecording());
    }

    private static int[] withMatrix(int[] batch, int[] matrixShape) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = matrixShape[matrixShape.length - 2];
        s[batch.length + 1] = matrixShape[matrixShape.length - 1];
        return s;
    }

    private static int[] resultShape(int[] batch, int m, int n, boolean dropM, boolean dropN) {
        int[] s = Arrays.copyOf(batch, batch.length + (dropM ? 0 : 1) + (dropN ? 0 : 1));
        int i = batch.length;
        if (!dropM) {
            s[i++] = m;
        }
        if (!dropN) {
            s[i] = n;
        }
        return s;
    }

    /** One product of the device path's saved operands, on the host (a backward without device kernels). */
    private float[] hostProduct(boolean tA, boolean tB, int rows, int cols, int depth, float[] x, int ldx, float[] y,
                                int ldy) {
        float[] out = new float[rows * cols];
        gemm(tA, tB, rows, cols, depth, x, ldx, y, ldy, out, cols);
        return out;
    }

    /** Batched product of row-major operands: rows x cols result, inner size depth. */
    private void gemm(boolean tA, boolean tB, int rows, int cols, int depth,
                      float[] x, int ldx, float[] y, int ldy, float[] out, int ldo) {
        int count = Shapes.numel(batch);
        if (count == 0 || rows == 0 || cols == 0 || depth == 0) {
            return;
        }
        Backends.current().sgemm(tA, tB, rows, cols, depth, 1f,
                x, 0, ldx, (long) rows * depth,
                y, 0, ldy, (long) depth * cols,
                0f, out, 0, ldo, (long) rows * cols, count);
    }

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    protected Storage[] backward(Storage gc, DeviceKernels dk) {
        if (da == null || dk == null) {
            return super.backward(gc, dk);
        }
        Storage[] g = new Storage[2];
        if (needs(0)) {
            g[0] = dk.allocate(m * k);
            dk.sgemm(false, true, m, k, n, 1f, gc, 0, n, 0, db, 0, n, 0, 0f, g[0], 0, k, 0, 1);
        }
        if (needs(1)) {
            g[1] = dk.allocate(k * n);
            dk.sgemm(true, false, k, n, m, 1f, da, 0, k, 0, gc, 0, n, 0, 0f, g[1], 0, n, 0, 1);
        }
        return g;
    }

    @Override
    protected float[][] backward(float[] gc) {
        if (da != null) {
            return new float[][] {needs(0) ? hostProduct(false, true, m, k, n, gc, n, db.read(), n) : null,
                needs(1) ? hostProduct(true, false, k, n, m, da.read(), k, gc, n) : null};
        }
        float[][] g = new float[2][];
        int count = Shapes.numel(batch);
        if (needs(0)) {
            float[] ga = new float[count * m * k];
            gemm(false, true, m, k, n, gc, n, b, n, ga, k);
            g[0] = Strided.sumTo(ga, withMatrix(batch, aShape), aShape);
        }
        if (needs(1)) {
            float[] gb = new float[count * k * n];
            gemm(true, false, k, n, m, a, k, gc, n, gb, n);
            g[1] = Strided.sumTo(gb, withMatrix(batch, bShape), bShape);
        }
        return g;
    }
}
