package org.mimo4j.engine.ops.reduce;

import java.util.Arrays;
import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Maximum over axes (all when none are given), optionally keeping them as size 1. The gradient goes
 * to the first maximal element of each group (a subgradient; ties are rare in real data). On a device
 * backend the forward is DeviceKernels.maxTo, which saves the arg-max indices on the device for the
 * backward (DeviceKernels.maxToBackward), the same first-maximum rule as {@link ReducePlan#argmax}.
 */
public final class Max extends Node {
    /** The device kernels take indices as exact floats, so larger inputs reduce on the host. */
    private static final int MAX_DEVICE_INPUT = 1 << 24;

    private final int[] argmax;
    private final Storage deviceArgmax;
    private final int inSize;

    private Max(Tensor x, int[] argmax, Storage deviceArgmax) {
        super(x);
        this.argmax = argmax;
        this.deviceArgmax = deviceArgmax;
        this.inSize = x.numel();
    }

    public static Tensor apply(Tensor x, boolean keepdim, int... axes) {
        ReducePlan plan = new ReducePlan("max", x.shape(), keepdim, axes);
        if (plan.groupSize() == 0) {
            throw new IllegalArgumentException("max: cannot reduce an empty axis of shape " + Shapes.str(x.shape()));
        }
        DeviceKernels dk = plan.deviceFor(x);
        if (dk != null && plan.inSize <= MAX_DEVICE_INPUT) {
            Storage y = dk.allocate(plan.outSize);
            Storage arg = dk.allocate(plan.outSize);
            dk.maxTo(x.shape(), x.dense(), plan.keptShape, y, arg);
            return Tensor.fromOp(y, plan.outShape, new Max(x, null, arg).ifRecording());
        }
        float[] d = x.data();
        int[] arg = plan.argmax(d);
        float[] y = new float[arg.length];
        for (int o = 0; o < y.length; o++) {
            y[o] = d[arg[o]];
        }
        return Tensor.fromOp(y, plan.outShape, new Max(x, arg, null).ifRecording());
    }

    /**
     * The host loop of DeviceKernels.maxTo (the reference of its test double and parity tests): y[o] and
     * argmax[o] (an exact float index into x) of the first maximum of each group of x that reduces to
     * element o of {@code target} (x's shape with the reduced axes 1), found as this op's host path does.
     */
    public static void hostForward(int[] xShape, float[] x, int[] target, float[] y, float[] argmax) {
        int[] arg = ReducePlan.to(xShape, target).argmax(x);
        for (int o = 0; o < arg.length; o++) {
            argmax[o] = arg[o];
            y[o] = x[arg[o]];
        }
    }

    /** The host loop of DeviceKernels.maxToBackward: gx = 0 but gx[argmax[o]] = gy[o] (distinct indices). */
    public static void hostBackward(float[] argmax, float[] gy, float[] gx) {
        Arrays.fill(gx, 0f);
        for (int o = 0; o < argmax.length; o++) {
            gx[(int) argmax[o]] = gy[o];
        }
    }

    @Override
    public String name() {
        return "max";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk != null && deviceArgmax != null) {
            Storage gx = dk.allocate(inSize);
            dk.maxToBackward(deviceArgmax, gy, gx);
            return new Storage[] {gx};
        }
        return super.backward(gy, dk);
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = GradientArrays.takeZeroed(inSize);
        if (argmax == null) {
            hostBackward(deviceArgmax.read(), gy, gx);
        } else {
            for (int o = 0; o < argmax.length; o++) {
                gx[argmax[o]] += gy[o];
            }
        }
        return new float[][] {gx};
    }
}
