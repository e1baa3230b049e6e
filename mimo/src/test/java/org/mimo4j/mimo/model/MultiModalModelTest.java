package org.mimo4j.mimo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.moo.GroupRole;
import org.mimo4j.mimo.moo.ParameterGroup;

class MultiModalModelTest {
    private static final int CLASSES = 4;

    static MultiModalModel model(String fusion) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("image", new int[] {6});
        shapes.put("audio", new int[] {2, 3});
        ModelFactory.EncoderChoice mlp = new ModelFactory.EncoderChoice("mlp", 5, 1, 1);
        return ModelFactory.build(shapes, Map.of("image", mlp, "audio", mlp), fusion, 3, CLASSES, new Rng(5));
    }

    static Map<String, Tensor> batch(Rng rng, int n) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("image", Tensor.randn(rng, n, 6));
        in.put("audio", Tensor.randn(rng, n, 2, 3));
        return in;
    }

    @Test
    void parameterGroupsFollowTheModelStructure() {
        MultiModalModel m = model("concat");
        for (ParameterGroup g : m.parameters().groups()) {
            if (g.name().startsWith("encoders.image.")) {
                assertEquals(GroupRole.ENCODER, g.role());
                assertEquals(1, g.modality());
            } else if (g.name().startsWith("encoders.audio.")) {
                assertEquals(2, g.modality());
            } else if (g.name().startsWith("heads.")) {
                assertEquals(GroupRole.HEAD, g.role());
            } else {
                assertTrue(g.name().startsWith("fusion."), g.name());
                assertEquals(GroupRole.FUSION, g.role());
            }
        }
        assertTrue(m.parameters().names().containsAll(List.of("encoders.audio.layer0.weight", "heads.image.linear.bias",
                "fusion.block.audio.weight", "fusion.bias")), m.parameters().names().toString());
    }

    @Test
    void concatContributionsAddUpToTheFusedLogits() {
        MultiModalModel m = model("concat");
        ModelOutput out = m.forward(batch(new Rng(2), 3));
        float[] sum = out.contributions().get(0).add(out.contributions().get(1)).data();
        assertArrayEquals(out.fused().data(), sum, 1e-5f);
        assertEquals(List.of(3, CLASSES), List.of(out.fused().size(0), out.fused().size(1)));
    }

    @Test
    void aMissingModalityInTheBatchIsNamed() {
        Map<String, Tensor> in = batch(new Rng(2), 2);
        in.remove("audio");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model("sum").forward(in));
        assertTrue(e.getMessage().contains("no input for modality 'audio'"), e.getMessage());
    }

    /** Central differences on the fused loss, for a few entries of every parameter tensor. */
    @ParameterizedTest
    @ValueSource(strings = {"concat", "sum", "film", "gated"})
    void fusedLossGradientsMatchCentralDifferences(String fusion) {
        MultiModalModel m = model(fusion);
        Map<String, Tensor> in = batch(new Rng(9), 4);
        int[] labels = {0, 3, 1, 2};
        m.parameters().zeroGrad();
        CrossEntropy.loss(m.forward(in).fused(), labels).backward();
        Rng pick = new Rng(1);
        for (Map.Entry<String, Parameter> e : m.parameters().asMap().entrySet()) {
            float[] w = e.getValue().storage().write();
            float[] g = e.getValue().grad().data().clone();
            for (int t = 0; t < 3; t++) {
                int i = pick.nextInt(w.length);
                float keep = w[i];
                double h = 1e-2;
                w[i] = (float) (keep + h);
                double up = CrossEntropy.loss(m.forward(in).fused(), labels).item();
                w[i] = (float) (keep - h);
                double down = CrossEntropy.loss(m.forward(in).fused(), labels).item();
                w[i] = keep;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, g[i], 2e-3 + 2e-2 * Math.abs(numeric),
                        fusion + ": " + e.getKey() + "[" + i + "] analytic " + g[i] + " vs numeric " + numeric);
            }
        }
    }
}
