package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class TransformerEncoderLayerTest {

    @Test
    void postNormOutputRowsAreNormalised() {
        Rng rng = new Rng(31);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.1, Activation.Kind.GELU, false, rng);
        layer.eval();
        float[] y = layer.forward(Tensor.randn(rng, 2, 5, 8).mul(3f)).data();
        for (int r = 0; r < 10; r++) {
            double mean = 0;
            double sq = 0;
            for (int e = 0; e < 8; e++) {
                mean += y[r * 8 + e] / 8.0;
                sq += y[r * 8 + e] * (double) y[r * 8 + e] / 8.0;
            }
            assertEquals(0, mean, 1e-5, "row " + r + " mean");
            assertEquals(1, sq - mean * mean, 1e-3, "row " + r + " variance");
        }
    }

    @Test
    void preNormIsTheResidualSumOfItsSublayers() {
        Rng rng = new Rng(32);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 1, 8, 0, Activation.Kind.RELU, true, rng);
        Tensor x = Tensor.randn(rng, 1, 3, 4);
        MultiHeadAttention attn = (MultiHeadAttention) layer.children().get("self_attn");
        Layer ff = (Layer) layer.children().get("ff");
        Layer n1 = (Layer) layer.children().get("norm1");
        Layer n2 = (Layer) layer.children().get("norm2");
        Tensor y = x.add(attn.forward(n1.forward(x)));
        Tensor expected = y.add(ff.forward(n2.forward(y)));
        assertArrayEquals(expected.data(), layer.forward(x).data(), 1e-6f);
    }

    @Test
    void dropoutMakesTrainingStochasticAndEvaluationDeterministic() {
        Rng rng = new Rng(33);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 8, 0.5, Activation.Kind.RELU, true, rng);
        Tensor x = Tensor.randn(rng, 1, 3, 4);
        assertFalse(Arrays.equals(layer.forward(x).data(), layer.forward(x).data()));
        layer.eval();
        assertArrayEquals(layer.forward(x).data(), layer.forward(x).data());
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Rng rng = new Rng(34);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 6, 0, Activation.Kind.GELU, false, rng);
        ModuleGradCheck.check("TransformerEncoderLayer", layer, layer::forward, Tensor.randn(rng, 2, 3, 4), rng, 3);
    }
}
