package org.mimo4j.engine.ops.reduce;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Sum over axes (all when none are given), optionally keeping them as size 1; d/dx_i = 1. The host
 * accumulates in double; on a device backend the sum is DeviceKernels.sumTo (float, in the host's order)
 * and the gradient a broadcast gather, so neither leaves the device.
 */
public final class Sum extends Node {
    private final ReducePlan plan;

    private Sum(Tensor x, ReducePlan plan) {
        super(x);
        this.plan = plan;
    }

    public static Tensor apply(Tensor x, boolean keepdim, int... axes) {
        ReducePlan plan = new ReducePlan("sum", x.shape(), keepdim, axes);
        DeviceKernels dk = plan.deviceFor(x);
        if (dk != null) {
            Storage y = dk.allocate(plan.outSize);
            dk.sumTo(x.shape(), x.dense(), plan.keptShape, y);
            return Tensor.fromOp(y, plan.outShape, new Sum(x, plan).ifRecording());
        }
        double[] acc = new double[plan.outSize];
        plan.accumulate(x.data(), acc);
        float[] y = new float[plan.outSize];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) acc[i];
        }
        return Tensor.fromOp(y, plan.outShape, new Sum(x, plan).ifRecording());
    }

    @Override
    public String name() {
        return "sum";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (plan.fitsDevice(dk)) {
            return new Storage[] {plan.spreadOnDevice(dk, gy, 1f)};
        }
        return super.backward(gy, dk);
    }

    @Override
    protected float[][] backward(float[] gy) {
        return new float[][] {plan.spread(gy, 1f)};
    }
}
