package org.mimo4j.engine.ops.linalg;

import java.util.Arrays;
import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.shape.Contiguous;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Matrix product with NumPy semantics: [..., m, k] x [..., k, n] -> [..., m, n], the batch axes
 * broadcast against each other, a 1-d left operand is a row vector and a 1-d right operand a column
 * vector (their axis is dropped from the result). Forward and both gradients are one batched
 * {@link Backend#sgemm} each: dA = dC B^T, dB = A^T dC, summed over broadcast batch axes.
 *
 * <p>With device kernels (up to {@link DeviceKernels#MAX_RANK} axes) everything stays on the device:
 * a strided operand (a transposed key, a permuted head split) is gathered first, an operand holding a
 * single matrix is broadcast over the batch by a stride of 0 in {@link DeviceKernels#sgemm}, one whose
 * batch axes broadcast only partly ([2, 1, m, k] against [1, 3, k, n]) is gathered to the full batch,
 * and the gradient of a broadcast operand is summed over its broadcast axes with
 * {@link DeviceKernels#sumTo}: the host path's steps, in the host path's order.
 */
public final class MatMul extends Node {
    private final Storage a;
    private final Storage b;
    private final long strideA;
    private final long strideB;
    private final int[] aShape;
    private final int[] bShape;
    private final int[] batch;
    private final int count;
    private final int m;
    private final int k;
    private final int n;
    private boolean onDevice;

    private MatMul(Tensor ta, Tensor tb, Storage a, Storage b, int[] aShape, int[] bShape, int[] batch) {
        super(ta, tb);
        this.aShape = aShape;
        this.bShape = bShape;
        this.batch = batch;
        this.count = Shapes.numel(batch);
        this.m = aShape[aShape.length - 2];
        this.k = aShape[aShape.length - 1];
        this.n = bShape[bShape.length - 1];
        this.a = a;
        this.b = b;
        this.strideA = batchStride(a, m * k);
        this.strideB = batchStride(b, k * n);
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
        int[] batch = Shapes.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        int[] cShape = resultShape(batch, as[as.length - 2], bs[bs.length - 1], ta.dim() == 1, tb.dim() == 1);
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && Shapes.numel(cShape) > 0 && ka > 0 && batch.length + 2 <= DeviceKernels.MAX_RANK) {
            Storage a = toBatch(dk, Contiguous.onDevice(ta, dk), as, batch);
            Storage b = toBatch(dk, Contiguous.onDevice(tb, dk), bs, batch);
            MatMul op = new MatMul(ta, tb, a, b, as, bs, batch);
            op.onDevice = true;
            Storage c = dk.allocate(op.count * op.m * op.n);
            dk.sgemm(false, false, op.m, op.n, op.k, 1f, a, 0, op.k, op.strideA, b, 0, op.n, op.strideB,
                    0f, c, 0, op.n, (long) op.m * op.n, op.count);
            return Tensor.fromOp(c, cShape, op.ifRecording());
        }
        Storage a = Storage.wrap(Strided.broadcastTo(ta.data(), as, withMatrix(batch, as)));
        Storage b = Storage.wrap(Strided.broadcastTo(tb.data(), bs, withMatrix(batch, bs)));
        MatMul op = new MatMul(ta, tb, a, b, as, bs, batch);
        float[] c = new float[Shapes.numel(cShape)];
        op.hostGemm(false, false, op.m, op.n, op.k, a.read(), op.k, op.strideA, b.read(), op.n, op.strideB, c, op.n);
        return Tensor.fromOp(c, cShape, op.ifRecording());
    }

    /**
     * An operand ready for one batched sgemm over {@code batch}: as it is when it holds one matrix (read
     * with stride 0) or the whole batch, else gathered to the whole batch.
     */
    private static Storage toBatch(DeviceKernels dk, Storage s, int[] shape, int[] batch) {
        int[] full = withMatrix(batch, shape);
        int matrix = shape[shape.length - 2] * shape[shape.length - 1];
        if (s.length() == matrix || Shapes.numel(shape) == Shapes.numel(full)) {
            return s;
        }
        Storage out = dk.allocate(Shapes.numel(full));
        dk.gather(full, s, 0, Strided.broadcastStrides(shape, full), out);
        return out;
    }

    /** 0 for an operand of one matrix (broadcast over the batch), else the matrix size. */
    private static long batchStride(Storage s, int matrix) {
        return s.length() == matrix ? 0 : matrix;
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

    /** Batched product on the host of row-major operands (x and y batch strides given): rows x cols each. */
    /** An array for a {@link #hostGemm} result: one it overwrites, or zeros where it writes nothing. */
    private float[] gemmOutput(int length) {
        return GradientArrays.take(length, count > 0 && m > 0 && n > 0 && k > 0);
    }

    private void hostGemm(boolean tA, boolean tB, int rows, int cols, int depth, float[] x, int ldx, long strideX,
                          float[] y, int ldy, long strideY, float[] out, int ldo) {
        if (count == 0 || rows == 0 || cols == 0 || depth == 0) {
            return;
        }
        Backends.current().sgemm(tA, tB, rows, cols, depth, 1f, x, 0, ldx, strideX, y, 0, ldy, strideY,
                0f, out, 0, ldo, (long) rows * cols, count);
    }

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    protected Storage[] backward(Storage gc, DeviceKernels dk) {
        if (dk == null || !onDevice) {
            return super.backward(gc, dk);
        }
        Storage[] g = new Storage[2];
        long strideC = (long) m * n;
        if (needs(0)) {
            Storage full = dk.allocate(count * m * k);
            dk.sgemm(false, true, m, k, n, 1f, gc, 0, n, strideC, b, 0, n, strideB, 0f, full, 0, k, (long) m * k, count);
            g[0] = sumToInput(dk, full, aShape);
        }
        if (needs(1)) {
            Storage full = dk.allocate(count * k * n);
            dk.sgemm(true, false, k, n, m, 1f, a, 0, k, strideA, gc, 0, n, strideC, 0f, full, 0, n, (long) k * n, count);
            g[1] = sumToInput(dk, full, bShape);
        }
        return g;
    }

    /** A whole-batch gradient summed over the batch axes its operand of {@code shape} was broadcast along. */
    private Storage sumToInput(DeviceKernels dk, Storage full, int[] shape) {
        if (full.length() == Shapes.numel(shape)) {
            return full;
        }
        Storage g = dk.allocate(Shapes.numel(shape));
        dk.sumTo(withMatrix(batch, shape), full, shape, g);
        return g;
    }

    @Override
    protected float[][] backward(float[] gc) {
        float[][] g = new float[2][];
        if (needs(0)) {
            float[] ga = gemmOutput(count * m * k);
            hostGemm(false, true, m, k, n, gc, n, (long) m * n, b.read(), n, strideB, ga, k);
            g[0] = Strided.sumTo(ga, withMatrix(batch, aShape), aShape);
        }
        if (needs(1)) {
            float[] gb = gemmOutput(count * k * n);
            hostGemm(true, false, k, n, m, a.read(), k, strideA, gc, n, (long) m * n, gb, n);
            g[1] = Strided.sumTo(gb, withMatrix(batch, bShape), bShape);
        }
        return g;
    }
}
