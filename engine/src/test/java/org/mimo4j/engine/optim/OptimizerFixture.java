package org.mimo4j.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Random parameters with a scripted gradient per step, and a double-precision mirror of their values,
 * so each update rule can be replayed by hand in double and compared.
 */
final class OptimizerFixture {
    final Map<String, Parameter> params = new LinkedHashMap<>();
    final double[][] w;
    private final Rng rng;

    /** A weight big enough for many chunks of a host update ({@code HostChunks.GRAIN} is 32,768). */
    static final int LARGE = 100_003;

    /** {@link #LARGE} standard normal floats from {@code seed}. */
    static float[] large(long seed) {
        return Tensor.randn(new Rng(seed), LARGE).data();
    }

    /** Runs {@code r} with a 2-thread CPU backend current, then puts the previous one back. */
    static void onTwoThreads(Runnable r) {
        Backend before = Backends.current();
        try (CpuBackend two = new CpuBackend(2)) {
            Backends.use(two);
            r.run();
        } finally {
            Backends.use(before);
        }
    }

    OptimizerFixture(long seed) {
        rng = new Rng(seed);
        params.put("a.weight", new Parameter(Tensor.randn(rng, 3, 4)));
        params.put("a.bias", new Parameter(Tensor.randn(rng, 5)));
        w = new double[params.size()][];
        int i = 0;
        for (Parameter p : params.values()) {
            w[i] = new double[p.numel()];
            for (int j = 0; j < p.numel(); j++) {
                w[i][j] = p.data()[j];
            }
            i++;
        }
    }

    /** Sets fresh random gradients on every parameter and returns them in double. */
    double[][] randomGradients() {
        double[][] g = new double[params.size()][];
        int i = 0;
        for (Parameter p : params.values()) {
            // Scaled on the host: Tensor.mul would run on a device backend and leave the gradient there,
            // and tests of host-resident gradients need them on the host.
            float[] v = Tensor.randn(rng, p.shape()).data().clone();
            for (int j = 0; j < v.length; j++) {
                v[j] *= 2f;
            }
            Tensor t = Tensor.of(v, p.shape());
            p.tensor().setGrad(t);
            g[i] = new double[p.numel()];
            for (int j = 0; j < p.numel(); j++) {
                g[i][j] = t.data()[j];
            }
            i++;
        }
        return g;
    }

    void assertMatches(String what, double relTol) {
        int i = 0;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            for (int j = 0; j < w[i].length; j++) {
                double expected = w[i][j];
                double actual = e.getValue().data()[j];
                assertEquals(expected, actual, relTol * Math.max(1, Math.abs(expected)),
                        what + ": " + e.getKey() + "[" + j + "]");
            }
            i++;
        }
    }
}
