package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import java.util.function.Function;
import org.mimo4j.engine.autograd.NoGrad;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Checks a module's parameter and input gradients against central differences of the scalar
 * L = sum(f(x) * r) for a fixed random r. The ops themselves are checked in double precision by the
 * op catalog; this check is about the module wiring (every parameter used, in the right place), so
 * float differences with a loose tolerance suffice.
 */
final class ModuleGradCheck {
    private static final float H = 1e-2f;

    private ModuleGradCheck() {
    }

    static void check(String what, Module m, Function<Tensor, Tensor> f, Tensor x, Rng rng, int probesPerTensor) {
        Tensor input = x.requiresGrad(true);
        Tensor out = f.apply(input);
        Tensor r = Tensor.randn(rng, out.shape());
        out.mul(r).sum().backward();
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            assertNotNull(e.getValue().grad(), what + ": parameter '" + e.getKey() + "' received no gradient");
            probe(what + " parameter '" + e.getKey() + "'", e.getValue().storage(), e.getValue().grad().data(),
                    () -> loss(f, input, r), rng, probesPerTensor);
        }
        probe(what + " input", input.storage(), input.grad().data(), () -> loss(f, input, r), rng, probesPerTensor);
    }

    private static double loss(Function<Tensor, Tensor> f, Tensor x, Tensor r) {
        try (var g = NoGrad.enter()) {
            float[] y = f.apply(x).data();
            float[] rr = r.data();
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += (double) y[i] * rr[i];
            }
            return s;
        }
    }

    private static void probe(String what, Storage values, float[] grad, java.util.function.DoubleSupplier loss,
                              Rng rng, int probes) {
        for (int p = 0; p < Math.min(probes, values.length()); p++) {
            int i = rng.nextInt(values.length());
            float saved = values.read()[i];
            values.write()[i] = saved + H;
            double up = loss.getAsDouble();
            values.write()[i] = saved - H;
            double down = loss.getAsDouble();
            values.write()[i] = saved;
            double numeric = (up - down) / (2 * H);
            assertEquals(numeric, grad[i], 2e-2 * Math.max(1, Math.abs(numeric)), what + " index " + i);
        }
    }
}
