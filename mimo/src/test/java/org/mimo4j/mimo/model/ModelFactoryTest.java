package org.mimo4j.mimo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class ModelFactoryTest {
    private static int[] shape(String s) {
        return java.util.Arrays.stream(s.split("x")).mapToInt(Integer::parseInt).toArray();
    }

    @ParameterizedTest
    @CsvSource({"mlp,5x3", "lenet,1x12x12", "resnet18,1x8x8", "transformer,5x3", "transformer,1x4x6"})
    void everyEncoderGivesFeaturesAndGradientsToAllItsParameters(String type, String sample) {
        int[] s = shape(sample);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("a", s);
        shapes.put("b", new int[] {4});
        ModelFactory.EncoderChoice mlp = new ModelFactory.EncoderChoice("mlp", 4, 1, 1);
        MultiModalModel m = ModelFactory.build(shapes, Map.of("a", new ModelFactory.EncoderChoice(type, 4, 1, 2), "b", mlp),
                "concat", 6, 3, new Rng(3));
        int[] batchShape = new int[s.length + 1];
        batchShape[0] = 2;
        System.arraycopy(s, 0, batchShape, 1, s.length);
        Rng rng = new Rng(8);
        Map<String, Tensor> in = Map.of("a", Tensor.randn(rng, batchShape), "b", Tensor.randn(rng, 2, 4));
        m.parameters().zeroGrad();
        ModelOutput out = m.forward(in);
        assertArrayEquals(new int[] {2, 6}, out.features().get(0).shape());
        CrossEntropy.loss(out.heads().get(0), new int[] {0, 2}).add(CrossEntropy.loss(out.fused(), new int[] {1, 2}))
                .backward();
        for (Map.Entry<String, Parameter> e : m.parameters().asMap().entrySet()) {
            if (e.getKey().startsWith("encoders.a.")) {
                boolean any = false;
                for (float v : e.getValue().grad().data()) {
                    any |= v != 0;
                }
                assertTrue(any, type + ": no gradient reached " + e.getKey());
            }
        }
        if (type.equals("resnet18")) {
            assertTrue(m.buffers().keySet().stream().anyMatch(k -> k.startsWith("encoders.a.")), "batch-norm buffers");
        }
    }

    @Test
    void aCnnOnNonImageSamplesIsRefusedWithTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFactory.build(
                Map.of("a", new int[] {7}), Map.of("a", new ModelFactory.EncoderChoice("lenet", 4, 1, 1)), "sum", 3, 2,
                new Rng(1)));
        assertTrue(e.getMessage().contains("encoders.a") && e.getMessage().contains("[7]"), e.getMessage());
    }
}
