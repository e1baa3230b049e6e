package org.mimo4j.engine.optim;

import java.util.Map;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.ops.HostChunks;
import org.mimo4j.engine.tensor.Storage;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay
 * (PyTorch's {@code SGD} without dampening):
 * <pre>
 *   g = grad + wd * w
 *   b = mu * b + g                       (b starts at 0, so the first b is g)
 *   d = nesterov ? g + mu * b : b        (d = g when mu = 0)
 *   w = w - lr * d
 * </pre>
 */
public final class Sgd extends Optimizer {
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final Storage[] buffers;

    public Sgd(Map<String, Parameter> parameters, float lr, float momentum, boolean nesterov, float weightDecay) {
        super(parameters, lr);
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Sgd needs 0 <= momentum < 1 and weightDecay >= 0, got momentum="
                    + momentum + ", weightDecay=" + weightDecay);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.buffers = momentum > 0 ? addSlot("momentum") : null;
    }

    /** Plain SGD. */
    public Sgd(Map<String, Parameter> parameters, float lr) {
        this(parameters, lr, 0, false, 0);
    }

    @Override
    protected void update(int index, float[] w, float[] g, float lr, long step) {
        apply(w, g, buffers == null ? null : buffers[index].write(), lr, momentum, nesterov, weightDecay);
    }

    /**
     * The update rule of the class comment on host arrays, in place on w and b (null when momentum is 0):
     * the host path, and the reference the device kernels are held to.
     */
    public static void apply(float[] w, float[] g, float[] b, float lr, float momentum, boolean nesterov,
                             float weightDecay) {
        // Elementwise, so chunks on the backend's threads give the bits of one loop; a large weight (the
        // AV-Digits MLP's 1.6M floats) otherwise kept one core busy while the other waited.
        HostChunks.forEach(w.length, HostChunks.GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g[i] + weightDecay * w[i];
                float d = gi;
                if (b != null) {
                    b[i] = momentum * b[i] + gi;
                    d = nesterov ? gi + momentum * b[i] : b[i];
                }
                w[i] -= lr * d;
            }
        });
    }

    @Override
    protected void updateOnDevice(int[] indices, DeviceKernels dk, Storage[] w, Storage[] g, float lr, long step) {
        dk.sgdUpdate(w, g, buffers == null ? null : select(buffers, indices), lr, momentum, nesterov, weightDecay);
    }
}
