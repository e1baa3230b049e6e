package org.mimo4j.engine.optim;

import java.util.Map;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.ops.HostChunks;
import org.mimo4j.engine.tensor.Storage;

/**
 * Adam (Kingma and Ba, 2015) with optional L2 weight decay folded into the gradient (PyTorch's
 * {@code Adam}); {@link AdamW} decouples the decay instead. With t the step count (1-based):
 * <pre>
 *   g = grad + wd * w
 *   m = b1 * m + (1 - b1) * g            v = b2 * v + (1 - b2) * g^2
 *   w = w - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 */
public class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final Storage[] m;
    private final Storage[] v;

    public Adam(Map<String, Parameter> parameters, float lr, float beta1, float beta2, float eps, float weightDecay) {
        this(parameters, lr, beta1, beta2, eps, weightDecay, false);
    }

    /** Adam with the usual betas (0.9, 0.999), eps 1e-8 and no weight decay. */
    public Adam(Map<String, Parameter> parameters, float lr) {
        this(parameters, lr, 0.9f, 0.999f, 1e-8f, 0f);
    }

    Adam(Map<String, Parameter> parameters, float lr, float beta1, float beta2, float eps, float weightDecay,
         boolean decoupled) {
        super(parameters, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam needs 0 <= beta1, beta2 < 1, eps > 0 and weightDecay >= 0; got beta1="
                    + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ", weightDecay=" + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.m = addSlot("exp_avg");
        this.v = addSlot("exp_avg_sq");
    }

    @Override
    protected final void update(int index, float[] w, float[] g, float lr, long step) {
        apply(w, g, m[index].write(), v[index].write(), lr, beta1, beta2, eps, l2(), shrink(lr), c1(step), c2(step));
    }

    /**
     * The update rule of the class comment on host arrays, in place on w, m and v, with the bias
     * corrections c1 = 1 - beta1^t and c2 = sqrt(1 - beta2^t), the folded decay l2 (Adam) and the
     * shrink factor 1 - lr * wd (AdamW): the host path, and the reference the device kernels are held to.
     */
    public static void apply(float[] w, float[] g, float[] m, float[] v, float lr, float beta1, float beta2, float eps,
                             float l2, float shrink, float c1, float c2) {
        // Elementwise: chunks on the backend's threads give the bits of one loop (see Sgd.apply).
        HostChunks.forEach(w.length, HostChunks.GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g[i] + l2 * w[i];
                m[i] = beta1 * m[i] + (1 - beta1) * gi;
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                w[i] = w[i] * shrink - lr * (m[i] / c1) / ((float) Math.sqrt(v[i]) / c2 + eps);
            }
        });
    }

    @Override
    protected final void updateOnDevice(int[] indices, DeviceKernels dk, Storage[] w, Storage[] g, float lr,
                                        long step) {
        dk.adamUpdate(w, g, select(m, indices), select(v, indices), lr, beta1, beta2, eps, l2(), shrink(lr), c1(step),
                c2(step));
    }

    /** Bias correction of the first moment, 1 - beta1^t. */
    private float c1(long step) {
        return (float) (1 - Math.pow(beta1, step));
    }

    /** Bias correction of the second moment's root, sqrt(1 - beta2^t). */
    private float c2(long step) {
        return (float) Math.sqrt(1 - Math.pow(beta2, step));
    }

    /** Adam folds the decay into the gradient; AdamW does not. */
    private float l2() {
        return decoupled ? 0f : weightDecay;
    }

    /** AdamW shrinks the weights directly; Adam does not. */
    private float shrink(float lr) {
        return decoupled ? 1f - lr * weightDecay : 1f;
    }
}
