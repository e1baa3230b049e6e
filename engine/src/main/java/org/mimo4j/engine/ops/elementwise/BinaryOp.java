package org.mimo4j.engine.ops.elementwise;

import java.util.Arrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.DeviceKernels.Arith;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Shared plumbing of elementwise ops with two broadcast inputs: both are broadcast to the result
 * shape, a subclass writes the loops over equal-length arrays, and this class sums each input's
 * gradient back down to that input's shape.
 *
 * <p>A subclass that names its {@link #arith()} also runs on the device ({@link DeviceKernels#binary},
 * {@link DeviceKernels#scalar}) when the backend has device kernels, the left operand is dense and has
 * the result's shape, and the right one is either a host constant of one element (a loss weight: its
 * value goes to the kernel as an argument, not as an upload) or dense with a shape that is a trailing
 * part of the result's (a bias, a per-feature statistic, an equal-shaped tensor). Backward then runs
 * on the device too: the right operand's gradient is summed over its repeats with sumRows. Any other
 * broadcast ([n, 1, d] op [1, m, d], [n, c, h, w] op [1, c, 1, 1], strided views, up to
 * {@link DeviceKernels#MAX_RANK} axes) runs on the device with {@link DeviceKernels#broadcastBinary},
 * reading each operand through its own strides with 0 on its broadcast axes, and its backward sums
 * each full-shape gradient down to its operand's shape with {@link DeviceKernels#sumTo}.
 */
abstract class BinaryOp extends Node {
    private Storage a;
    private Storage b;
    private Storage y;
    private int[] aShape;
    private int[] bShape;
    private int[] shape;
    private boolean onDevice;
    private boolean constant;
    private boolean strided;
    private int aOff;
    private int bOff;
    private int[] aStrides;
    private int[] bStrides;
    private float c;

    BinaryOp(Tensor a, Tensor b) {
        super(a, b);
    }

    abstract void forward(float[] a, float[] b, float[] y);

    /** Full-shape gradients; {@code ga} or {@code gb} is null when that input needs none. */
    abstract void backward(float[] a, float[] b, float[] y, float[] gy, float[] ga, float[] gb);

    /** The device kernels' name for this op's arithmetic, or null when it has no device path. */
    Arith arith() {
        return null;
    }

    final Tensor output() {
        Tensor ta = input(0);
        Tensor tb = input(1);
        aShape = ta.shape();
        bShape = tb.shape();
        shape = Shapes.broadcast(name(), aShape, bShape);
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && arith() != null && Shapes.numel(shape) > 0 && ta.dense() != null
                && Arrays.equals(aShape, shape)) {
            if (tb.numel() == 1 && !tb.requiresGrad() && tb.storage().hostCurrent()) {
                return deviceScalar(dk, ta, tb.data()[0]);
            }
            if (tb.dense() != null && trailing(bShape, shape)) {
                return deviceBinary(dk, ta, tb);
            }
        }
        if (dk != null && arith() != null && Shapes.numel(shape) > 0 && shape.length <= DeviceKernels.MAX_RANK) {
            return deviceBroadcast(dk, ta, tb);
        }
        float[] av = ta.data();
        float[] bv = tb.data();
        a = saved(ta, av);
        b = saved(tb, bv);
        float[] yv = new float[Shapes.numel(shape)];
        forward(Strided.broadcastTo(av, aShape, shape), Strided.broadcastTo(bv, bShape, shape), yv);
        y = Storage.wrap(yv);
        return Tensor.fromOp(y, shape, ifRecording());
    }

    private Tensor deviceScalar(DeviceKernels dk, Tensor ta, float value) {
        onDevice = true;
        constant = true;
        c = value;
        a = ta.dense();
        b = Storage.wrap(new float[] {value});
        y = dk.allocate(a.length());
        dk.scalar(arith(), a, value, y);
        return Tensor.fromOp(y, shape, ifRecording());
    }

    private Tensor deviceBinary(DeviceKernels dk, Tensor ta, Tensor tb) {
        onDevice = true;
        a = ta.dense();
        b = tb.dense();
        y = dk.allocate(a.length());
        dk.binary(arith(), a, b, y);
        return Tensor.fromOp(y, shape, ifRecording());
    }

    private Tensor deviceBroadcast(DeviceKernels dk, Tensor ta, Tensor tb) {
        onDevice = true;
        strided = true;
        a = ta.storage();
        b = tb.storage();
        aOff = ta.offset();
        bOff = tb.offset();
        aStrides = Strided.broadcastStrides(aShape, ta.strides(), shape);
        bStrides = Strided.broadcastStrides(bShape, tb.strides(), shape);
        y = dk.allocate(Shapes.numel(shape));
        dk.broadcastBinary(arith(), shape, a, aOff, aStrides, b, bOff, bStrides, y);
        return Tensor.fromOp(y, shape, ifRecording());
    }

    /** Whether {@code small}, without its leading 1s, is the trailing part of {@code full}: it repeats periodically. */
    private static boolean trailing(int[] small, int[] full) {
        int lead = 0;
        while (lead < small.length && small[lead] == 1) {
            lead++;
        }
        int n = small.length - lead;
        if (n > full.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (small[lead + i] != full[full.length - n + i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected final Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || !onDevice) {
            return super.backward(gy, dk);
        }
        if (strided) {
            return new Storage[] {needs(0) ? sumTo(stridedGradA(gy, dk), aShape, dk) : null,
                needs(1) ? sumTo(stridedGradB(gy, dk), bShape, dk) : null};
        }
        return new Storage[] {needs(0) ? gradA(gy, dk) : null, needs(1) ? sumRepeats(gradB(gy, dk), dk) : null};
    }

    /** The left operand's full-shape gradient after a broadcast forward, as the host loops compute it. */
    private Storage stridedGradA(Storage gy, DeviceKernels dk) {
        Arith op = arith();
        if (op == Arith.ADD || op == Arith.SUB) {
            return gy;
        }
        Storage ga = dk.allocate(gy.length());
        dk.broadcastBinary(op, shape, gy, 0, Shapes.contiguousStrides(shape), b, bOff, bStrides, ga);
        return ga;
    }

    /** The right operand's full-shape gradient after a broadcast forward, as the host loops compute it. */
    private Storage stridedGradB(Storage gy, DeviceKernels dk) {
        int[] dense = Shapes.contiguousStrides(shape);
        switch (arith()) {
            case ADD -> {
                return gy;
            }
            case SUB -> {
                Storage gb = dk.allocate(gy.length());
                dk.scalar(Arith.MUL, gy, -1f, gb);
                return gb;
            }
            case MUL -> {
                Storage gb = dk.allocate(gy.length());
                dk.broadcastBinary(Arith.MUL, shape, gy, 0, dense, a, aOff, aStrides, gb);
                return gb;
            }
            case DIV -> {
                // -gy * y / b: the host loop's order, with the exact negation moved last.
                Storage gyy = dk.allocate(gy.length());
                dk.binary(Arith.MUL, gy, y, gyy);
                Storage gb = dk.allocate(gy.length());
                dk.broadcastBinary(Arith.DIV, shape, gyy, 0, dense, b, bOff, bStrides, gb);
                dk.scalar(Arith.MUL, gb, -1f, gb);
                return gb;
            }
            default -> throw new IllegalStateException(name() + ": no device gradient for " + arith());
        }
    }

    /** A full-shape gradient summed down to an operand's shape (the same storage when no axis was broadcast). */
    private Storage sumTo(Storage full, int[] target, DeviceKernels dk) {
        if (full.length() == Shapes.numel(target)) {
            return full;
        }
        Storage g = dk.allocate(Shapes.numel(target));
        dk.sumTo(shape, full, target, g);
        return g;
    }

    /** The left operand's gradient on the device, as the subclasses' host loops compute it. */
    private Storage gradA(Storage gy, DeviceKernels dk) {
        Arith op = arith();
        if (op == Arith.ADD || op == Arith.SUB) {
            return gy;
        }
        Storage ga = dk.allocate(gy.length());
        if (constant) {
            dk.scalar(op, gy, c, ga);
        } else {
            dk.binary(op, gy, b, ga);
        }
        return ga;
    }

    /** The right operand's full-shape gradient on the device (never for a constant, which needs none). */
    private Storage gradB(Storage gy, DeviceKernels dk) {
        Storage gb = dk.allocate(gy.length());
        switch (arith()) {
            case ADD -> dk.copy(gy, gb);
            case SUB -> dk.scalar(Arith.MUL, gy, -1f, gb);
            case MUL -> dk.binary(Arith.MUL, gy, a, gb);
            case DIV -> {
                // -gy * y / b: the host loop's order, with the exact negation moved last.
                dk.binary(Arith.MUL, gy, y, gb);
                dk.binary(Arith.DIV, gb, b, gb);
                dk.scalar(Arith.MUL, gb, -1f, gb);
            }
            default -> throw new IllegalStateException(name() + ": no device gradient for " + arith());
        }
        return gb;
    }

    /** Sums a full-shape gradient over the repeats of the right operand (rows of b.length values). */
    private Storage sumRepeats(Storage full, DeviceKernels dk) {
        if (b.length() == full.length()) {
            return full;
        }
        Storage gb = dk.allocate(b.length());
        dk.sumRows(full, full.length() / b.length(), b.length(), gb);
        return gb;
    }

    @Override
    protected final float[][] backward(float[] gy) {
        float[] av = values(a, aOff, aStrides, aShape);
        float[] bv = values(b, bOff, bStrides, bShape);
        float[] ga = needs(0) ? new float[gy.length] : null;
        float[] gb = needs(1) ? new float[gy.length] : null;
        backward(av, bv, y.read(), gy, ga, gb);
        return new float[][] {
            ga == null ? null : reduceToInput(ga, shape, 0),
            gb == null ? null : reduceToInput(gb, shape, 1)};
    }

    /** An operand's values broadcast to the result shape, row-major, for the host backward. */
    private float[] values(Storage s, int off, int[] strides, int[] own) {
        return strided ? Strided.materialise(s.read(), shape, strides, off) : Strided.broadcastTo(s.read(), own, shape);
    }
}
