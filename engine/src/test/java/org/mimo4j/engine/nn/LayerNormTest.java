package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class LayerNormTest {

    @Test
    void forwardMatchesADoubleReference() {
        Rng rng = new Rng(3);
        LayerNorm ln = new LayerNorm(6);
        Init.normal(ln.namedParameters().get("weight").tensor(), 1, rng);
        Init.normal(ln.namedParameters().get("bias").tensor(), 1, rng);
        Tensor x = Tensor.randn(rng, 4, 6).mul(2f).add(1f);
        float[] y = ln.forward(x).data();
        float[] xd = x.data();
        float[] g = ln.namedParameters().get("weight").data();
        float[] b = ln.namedParameters().get("bias").data();
        for (int r = 0; r < 4; r++) {
            double mean = 0;
            for (int i = 0; i < 6; i++) {
                mean += xd[r * 6 + i] / 6.0;
            }
            double var = 0;
            for (int i = 0; i < 6; i++) {
                var += Math.pow(xd[r * 6 + i] - mean, 2) / 6;
            }
            for (int i = 0; i < 6; i++) {
                double expected = (xd[r * 6 + i] - mean) / Math.sqrt(var + 1e-5) * g[i] + b[i];
                assertEquals(expected, y[r * 6 + i], 1e-4, "row " + r + ", column " + i);
            }
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Rng rng = new Rng(5);
        LayerNorm ln = new LayerNorm(2, 3);
        ModuleGradCheck.check("LayerNorm", ln, ln::forward, Tensor.randn(rng, 3, 2, 3), rng, 6);
    }
}
