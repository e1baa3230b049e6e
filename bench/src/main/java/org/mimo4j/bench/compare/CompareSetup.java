package org.mimo4j.bench.compare;

import org.mimo4j.bench.BenchBackends;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * What the comparison benchmarks share: the seed the Python peers also use, backend creation that
 * fails setup with the reason, seeded labels and the plain SGD update both sides run.
 */
final class CompareSetup {
    /** Every comparison workload draws its inputs and weights from this seed. */
    static final long SEED = BenchBackends.SEED;
    /** Plain SGD, no momentum: the update PyTorch's {@code torch.optim.SGD(lr=0.01)} does. */
    static final float LR = 0.01f;

    private CompareSetup() {
    }

    /** The named backend ("cpu", "opencl"); see {@link BenchBackends#open}. */
    static Backend open(String name) {
        return BenchBackends.open(name);
    }

    /** {@code n} class labels in [0, classes). */
    static int[] labels(Rng rng, int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return y;
    }

    /** {@code w -= LR * grad}, then clears the gradient for the next step. */
    static void sgd(Tensor w) {
        float[] d = w.storage().write();
        float[] g = w.grad().data();
        for (int i = 0; i < d.length; i++) {
            d[i] -= LR * g[i];
        }
        w.zeroGrad();
    }

    /** The same update on a module parameter. */
    static void sgd(Parameter p) {
        sgd(p.tensor());
    }
}
