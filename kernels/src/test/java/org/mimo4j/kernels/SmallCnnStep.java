package org.mimo4j.kernels;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The training step of bench's SmallCnnBenchmark (the comparison's small CNN: conv 1->16 3x3, relu and
 * maxpool 2 in one op, conv 16->32 3x3, the same, linear 1568->10, cross-entropy, plain SGD lr 0.01; a
 * batch of 32 1x28x28 images, resident on the device), built on the current backend, so that the
 * kernels tests can pin what one step launches (its time is the benchmark's to measure).
 */
final class SmallCnnStep {
    private static final int BATCH = 32;
    private static final int FLAT = 32 * 7 * 7;

    private final Tensor x;
    private final int[] labels = new int[BATCH];
    private final Tensor[] params;
    private final Optimizer sgd;
    private final boolean fillClearedGradients;

    /**
     * {@code fillClearedGradients}: read every gradient right after zeroGrad, so that its zeros are written
     * and the next backward adds into them (the fill and add that a cleared gradient used to cost).
     */
    SmallCnnStep(long seed, boolean fillClearedGradients) {
        this.fillClearedGradients = fillClearedGradients;
        Rng rng = new Rng(seed);
        x = Tensor.rand(rng, BATCH, 1, 28, 28);
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(10);
        }
        params = new Tensor[] {
            weight(rng, 0.33f, 16, 1, 3, 3), Tensor.zeros(16).requiresGrad(true),
            weight(rng, 0.08f, 32, 16, 3, 3), Tensor.zeros(32).requiresGrad(true),
            weight(rng, 0.02f, 10, FLAT), Tensor.zeros(10).requiresGrad(true)};
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            named.put("p" + i, new Parameter(params[i]));
        }
        sgd = new Sgd(named, 0.01f);
    }

    private static Tensor weight(Rng rng, float scale, int... shape) {
        return Tensor.randn(rng, shape).mul(scale).detach().requiresGrad(true);
    }

    /** The parameters, in the order of the network. */
    Tensor[] parameters() {
        return params;
    }

    /** One step in a scope of its own, as the benchmark runs it; returns the loss. */
    float step() {
        try (DeviceScope scope = DeviceScope.open()) {
            Tensor h = F.reluMaxPool2d(F.conv2d(x, params[0], params[1], 1, 1, 1, 1), 2, 2, 0);
            h = F.reluMaxPool2d(F.conv2d(h, params[2], params[3], 1, 1, 1, 1), 2, 2, 0);
            Tensor loss = F.crossEntropy(F.linear(h.reshape(BATCH, FLAT), params[4], params[5]), labels);
            loss.backward();
            sgd.step();
            sgd.zeroGrad();
            if (fillClearedGradients) {
                for (Tensor p : params) {
                    p.grad();
                }
            }
            return loss.item();
        }
    }
}
