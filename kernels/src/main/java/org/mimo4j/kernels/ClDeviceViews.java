package org.mimo4j.kernels;

import java.util.Arrays;
import org.mimo4j.engine.backend.DeviceKernels.Arith;
import org.mimo4j.engine.tensor.Storage;

/**
 * The storage side of {@link ClStrided}'s kernels for {@link ClDeviceKernels}: a strided view
 * materialised ({@code gather}) or written back into part of a buffer ({@code scatter}), binary
 * arithmetic with both operands read through their own strides ({@code broadcastBinary}), and the
 * reductions of a gradient to a broadcast shape ({@code sumTo}) and of a tensor to its maxima over some
 * axes ({@code maxTo}, with the arg-max kept for the backward). Each method checks its storages, makes
 * its inputs current on the device, launches, and marks its outputs device-written.
 */
final class ClDeviceViews {
    /** The arg-max indices travel as floats, exact up to here. */
    private static final int MAX_TO_LIMIT = 1 << 24;

    private final ClResidency res;
    private final ClBufferPool pool;
    private final ClStrided strided;
    private final ClElementwise elementwise;

    ClDeviceViews(ClResidency res, ClBufferPool pool, ClStrided strided, ClElementwise elementwise) {
        this.res = res;
        this.pool = pool;
        this.strided = strided;
        this.elementwise = elementwise;
    }

    void gather(int[] shape, Storage x, int offset, int[] strides, Storage y) {
        int n = ClStorageChecks.view("gather", "x", x, offset, shape, strides);
        ClStorageChecks.length("gather", "y", y, n);
        ClStorageChecks.distinct("gather", "y", y, new String[] {"x"}, x);
        try (ClScope scope = new ClScope(pool)) {
            strided.gather(res.read(scope, x), offset, shape, strides, res.write(scope, y), n);
            y.deviceWrote();
        }
    }

    void scatter(int[] shape, Storage x, Storage y, int offset, int[] strides) {
        int n = ClStorageChecks.view("scatter", "y", y, offset, shape, strides);
        for (int d = 0; d < shape.length; d++) {
            if (strides[d] == 0 && shape[d] > 1) {
                throw new IllegalArgumentException("scatter: y's region has stride 0 on axis " + d + " of size "
                        + shape[d] + ", so it would write one element several times");
            }
        }
        ClStorageChecks.length("scatter", "x", x, n);
        ClStorageChecks.distinct("scatter", "y", y, new String[] {"x"}, x);
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer dx = res.read(scope, x);
            strided.scatter(dx, shape, res.read(scope, y), offset, strides, n); // a partial write keeps the rest
            y.deviceWrote();
        }
    }

    void broadcastBinary(Arith op, int[] shape, Storage a, int aOff, int[] aStrides, Storage b, int bOff,
                                int[] bStrides, Storage y) {
        int n = ClStorageChecks.view("broadcastBinary", "a", a, aOff, shape, aStrides);
        ClStorageChecks.view("broadcastBinary", "b", b, bOff, shape, bStrides);
        ClStorageChecks.length("broadcastBinary", "y", y, n);
        ClStorageChecks.distinct("broadcastBinary", "y", y, new String[] {"a", "b"}, a, b);
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer da = res.read(scope, a), db = res.read(scope, b);
            strided.broadcastBinary(op.ordinal(), shape, da, aOff, aStrides, db, bOff, bStrides, res.write(scope, y), n);
            y.deviceWrote();
        }
    }

    void sumTo(int[] gShape, Storage g, int[] target, Storage y) {
        int rank = gShape.length;
        boolean fits = rank <= ClStrided.AXES && target.length <= rank;
        for (int d = 0; fits && d < target.length; d++) {
            int full = gShape[rank - target.length + d];
            fits = target[d] == full || (target[d] == 1 && full >= 0);
        }
        if (!fits) {
            throw new IllegalArgumentException("sumTo: target " + Arrays.toString(target) + " does not broadcast to "
                    + Arrays.toString(gShape) + " (or more than " + ClStrided.AXES + " axes)");
        }
        ClStorageChecks.length("sumTo", "g", g, ClStorageChecks.count("sumTo", "gShape", gShape));
        int n = (int) ClStorageChecks.count("sumTo", "target", target);
        ClStorageChecks.length("sumTo", "y", y, n);
        ClStorageChecks.distinct("sumTo", "y", y, new String[] {"g"}, g);
        try (ClScope scope = new ClScope(pool)) {
            strided.sumTo(res.read(scope, g), gShape, target, res.write(scope, y), n, scope);
            y.deviceWrote();
        }
    }

    void maxTo(int[] xShape, Storage x, int[] target, Storage y, Storage argmax) {
        boolean fits = xShape.length <= ClStrided.AXES && target.length == xShape.length;
        for (int d = 0; fits && d < target.length; d++) {
            fits = target[d] == xShape[d] || (target[d] == 1 && xShape[d] > 0);
        }
        if (!fits) {
            throw new IllegalArgumentException("maxTo: target " + Arrays.toString(target) + " is not "
                    + Arrays.toString(xShape) + " with some axes reduced to 1 (or more than " + ClStrided.AXES + " axes)");
        }
        long in = ClStorageChecks.count("maxTo", "xShape", xShape);
        if (in > MAX_TO_LIMIT) {
            throw new IllegalArgumentException("maxTo: x has " + in + " elements, more than the 2^24 whose indices"
                    + " a float holds exactly; reduce it on the host");
        }
        ClStorageChecks.length("maxTo", "x", x, in);
        int n = (int) ClStorageChecks.count("maxTo", "target", target);
        ClStorageChecks.length("maxTo", "y", y, n);
        ClStorageChecks.length("maxTo", "argmax", argmax, n);
        ClStorageChecks.distinct("maxTo", "y", y, new String[] {"x", "argmax"}, x, argmax);
        ClStorageChecks.distinct("maxTo", "argmax", argmax, new String[] {"x"}, x);
        if (n == 0) {
            return;
        }
        try (ClScope scope = new ClScope(pool)) {
            strided.maxTo(res.read(scope, x), xShape, target, res.write(scope, y), res.write(scope, argmax), n, scope);
            y.deviceWrote();
            argmax.deviceWrote();
        }
    }

    void maxToBackward(Storage argmax, Storage gy, Storage gx) {
        int n = ClStorageChecks.same("maxToBackward", new String[] {"argmax", "gy"}, argmax, gy);
        ClStorageChecks.length("maxToBackward", "gx", gx, ClStorageChecks.lengthOf(gx));
        ClStorageChecks.distinct("maxToBackward", "gx", gx, new String[] {"argmax", "gy"}, argmax, gy);
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer dgx = res.write(scope, gx);
            elementwise.fill(dgx, 0f, gx.length());
            strided.maxToBackward(res.read(scope, argmax), res.read(scope, gy), dgx, n);
            gx.deviceWrote();
        }
    }
}
