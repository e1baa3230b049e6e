package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A row-major copy of a (strided) view; the gradient passes through unchanged. On a backend with
 * device kernels the copy is one {@link DeviceKernels#gather} on the device, so a permuted or expanded
 * activation is materialised where it lives.
 */
public final class Contiguous extends Node {
    private Contiguous(Tensor x) {
        super(x);
    }

    public static Tensor apply(Tensor x) {
        Node fn = new Contiguous(x).ifRecording();
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && x.numel() > 0 && x.dim() <= DeviceKernels.MAX_RANK) {
            return Tensor.fromOp(gather(x, dk), x.shape(), fn);
        }
        return Tensor.fromOp(x.data().clone(), x.shape(), fn);
    }

    /**
     * The row-major values of {@code x} on the device, for an op's device path: x's own storage when x
     * is dense, else a fresh gather of the view; null when x is a view of more than
     * {@link DeviceKernels#MAX_RANK} axes (the op then runs its host path).
     */
    public static Storage onDevice(Tensor x, DeviceKernels dk) {
        Storage d = x.dense();
        if (d != null || x.dim() > DeviceKernels.MAX_RANK) {
            return d;
        }
        return gather(x, dk);
    }

    private static Storage gather(Tensor x, DeviceKernels dk) {
        Storage y = dk.allocate(x.numel());
        dk.gather(x.shape(), x.storage(), x.offset(), x.strides(), y);
        return y;
    }

    @Override
    public String name() {
        return "contiguous";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        return new Storage[] {gy};
    }

    @Override
    protected float[][] backward(float[] gy) {
        return new float[][] {gy};
    }
}
