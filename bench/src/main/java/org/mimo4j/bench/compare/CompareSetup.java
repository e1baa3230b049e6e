package org.mimo4j.bench.compare;

import java.util.Map;
import org.mimo4j.bench.BenchBackends;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.tensor.Rng;

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

    /**
     * Plain SGD at {@link #LR} over {@code params}, as the peers' {@code torch.optim.SGD(lr=0.01)}: the
     * engine's optimizer, so that on a device backend the update stays on the device (an update written
     * here on host arrays would download every parameter and gradient each step).
     */
    static Optimizer sgd(Map<String, Parameter> params) {
        return new Sgd(params, LR);
    }
}
