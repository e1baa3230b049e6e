package org.mimo4j.engine.ops.reduce;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Mean over axes (all when none are given), optionally keeping them as size 1; d/dx_i = 1/n. On a device
 * backend: DeviceKernels.sumTo divided by n (the host sums in double, the device in float), and the
 * gradient a broadcast gather times the host's float 1/n.
 */
public final class Mean extends Node {
    private final ReducePlan plan;

    private Mean(Tensor x, ReducePlan plan) {
        super(x);
        this.plan = plan;
    }

    public static Tensor apply(Tensor x, boolean keepdim, int... axes) {
        ReducePlan plan = new ReducePlan("mean", x.shape(), keepdim, axes);
        DeviceKernels dk = plan.deviceFor(x);
        if (dk != null) {
            Storage y = dk.allocate(plan.outSize);
            dk.sumTo(x.shape(), x.dense(), plan.keptShape, y);
            dk.scalar(DeviceKernels.Arith.DIV, y, plan.groupSize(), y);
            return Tensor.fromOp(y, plan.outShape, new Mean(x, plan).ifRecording());
        }
        double[] acc = new double[plan.outSize];
        plan.accumulate(x.data(), acc);
        float[] y = new float[plan.outSize];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (acc[i] / plan.groupSize());
        }
        return Tensor.fromOp(y, plan.outShape, new Mean(x, plan).ifRecording());
    }

    @Override
    public String name() {
        return "mean";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (plan.fitsDevice(dk)) {
            return new Storage[] {plan.spreadOnDevice(dk, gy, 1f / plan.groupSize())};
        }
        return super.backward(gy, dk);
    }

    @Override
    protected float[][] backward(float[] gy) {
        return new float[][] {plan.spread(gy, 1f / plan.groupSize())};
    }
}
