package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Inverted dropout: in training each element is zeroed with probability p (one {@link Rng#nextFloat()}
 * per element, in row-major order, so a seed fixes the mask) and the survivors are scaled by
 * 1 / (1 - p); in evaluation it is the identity. The gradient is dy times the same mask.
 *
 * <p>The mask always comes from the host generator, so a seed and a checkpointed generator state give
 * the same masks on every backend. On a device backend only the mask goes up (once, in the forward; the
 * backward reuses its device copy) and both products run there (DeviceKernels.binary MUL, the host
 * loop's x * mask), so the activations and gradients stay on the device.
 */
public final class Dropout extends Node {
    private final Storage mask;

    private Dropout(Tensor x, Storage mask) {
        super(x);
        this.mask = mask;
    }

    public static Tensor apply(Tensor x, float p, boolean training, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        float[] m = mask(x.numel(), p, rng);
        Storage mask = Storage.wrap(m);
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && x.dense() != null && m.length > 0) {
            Storage y = dk.allocate(m.length);
            dk.binary(DeviceKernels.Arith.MUL, x.dense(), mask, y);
            return Tensor.fromOp(y, x.shape(), new Dropout(x, mask).ifRecording());
        }
        float[] d = x.data();
        float[] y = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            y[i] = d[i] * m[i];
        }
        return Tensor.fromOp(y, x.shape(), new Dropout(x, mask).ifRecording());
    }

    /** 0 with probability p, else 1 / (1 - p): one draw per element in row-major order. */
    private static float[] mask(int n, float p, Rng rng) {
        float keep = 1f / (1 - p);
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextFloat() < p ? 0f : keep;
        }
        return mask;
    }

    @Override
    public String name() {
        return "dropout";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk != null && gy.length() > 0) {
            Storage gx = dk.allocate(gy.length());
            dk.binary(DeviceKernels.Arith.MUL, gy, mask, gx);
            return new Storage[] {gx};
        }
        return super.backward(gy, dk);
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] m = mask.read();
        float[] gx = GradientArrays.takeZeroed(gy.length);
        for (int i = 0; i < gx.length; i++) {
            gx[i] = gy[i] * m[i];
        }
        return new float[][] {gx};
    }
}
