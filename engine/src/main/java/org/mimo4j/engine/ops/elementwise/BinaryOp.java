package org.mimo4j.engine.ops.elementwise;

import java.util.Arrays;
import org.mimo4j.engine.autograd.GradientArrays;
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
        return new Storage[] {needs(0) ? reduce(gradA(gy, dk), aShape, dk) : null,
            needs(1) ? reduce(gradB(gy, dk), bShape, dk) : null};
    }

    /** The left operand's full-shape gradient on the device, as the subclasses' host loops compute it. */
    private Storage gradA(Storage gy, DeviceKernels dk) {
        Arith op = arith();
        if (op == Arith.ADD || op == Arith.SUB) {
            return gy;
        }
        Storage ga = dk.allocate(gy.length());
        if (constant) {
            dk.scalar(op, gy, c, ga);
        } else {
            withOperand(op, gy, false, ga, dk);
        }
        return ga;
    }

    /** The right operand's full-shape gradient on the device (never for a constant, which needs none). */
    private Storage gradB(Storage gy, DeviceKernels dk) {
        Storage gb = dk.allocate(gy.length());
        switch (arith()) {
            case ADD -> dk.copy(gy, gb);
            case SUB -> dk.scalar(Arith.MUL, gy, -1f, gb);
            case MUL -> withOperand(Arith.MUL, gy, true, gb, dk);
            case DIV -> {
                // -gy * y / b: the host loop's order, with the exact negation moved last.
                Storage gyy = dk.allocate(gy.length());
                dk.binary(Arith.MUL, gy, y, gyy);
                withOperand(Arith.DIV, gyy, false, gb, dk);
                dk.scalar(Arith.MUL, gb, -1f, gb);
            }
            default -> throw new IllegalStateException(name() + ": no device gradient for " + arith());
        }
        return gb;
    }

    /**
     * out = g op (the left or right operand broadcast to the result shape), g full-shape: a strided
     * broadcast after a broadcast forward, else a plain binary (the right operand repeating, the left
     * one of the result's shape).
     */
    private void withOperand(Arith op, Storage g, boolean left, Storage out, DeviceKernels dk) {
        if (strided) {
            dk.broadcastBinary(op, shape, g, 0, Shapes.contiguousStrides(shape), left ? a : b, left ? aOff : bOff,
                    left ? aStrides : bStrides, out);
        } else {
            dk.binary(op, g, left ? a : b, out);
        }
    }

    /**
     * A full-shape gradient summed down to an operand's shape: the same storage when nothing was
     * broadcast, sumTo after a broadcast forward, else sumRows over the right operand's repeats.
     */
    private Storage reduce(Storage full, int[] target, DeviceKernels dk) {
        int n = Shapes.numel(target);
        if (full.length() == n) {
            return full;
        }
        Storage g = dk.allocate(n);
        if (strided) {
            dk.sumTo(shape, full, target, g);
        } else {
            dk.sumRows(full, full.length() / n, n, g);
        }
        return g;
    }

    @Override
    protected final float[][] backward(float[] gy) {
        float[] av = values(a, aOff, aStrides, aShape);
        float[] bv = values(b, bOff, bStrides, bShape);
        float[] ga = needs(0) ? GradientArrays.take(gy.length) : null;
        float[] gb = needs(1) ? GradientArrays.take(gy.length) : null;
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
