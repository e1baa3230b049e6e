package org.mimo4j.mimo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import org.mimo4j.data.Modality;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class InputNormalizerTest {
    @Test
    void varyingElementsBecomeZeroMeanUnitStdAndConstantOnesAreNotAmplified() {
        int n = 4000;
        Rng rng = new Rng(3);
        float[] d = new float[n * 2];
        for (int i = 0; i < n; i++) {
            d[2 * i] = (float) (5 + 2 * rng.nextGaussian());
            d[2 * i + 1] = 0.25f;
        }
        InputNormalizer norm = InputNormalizer.fit(Modality.ofFloats("x", d, 2));
        float[] z = norm.apply(Tensor.of(d, n, 2)).data();
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            mean += z[2 * i];
            sq += z[2 * i] * z[2 * i];
            assertEquals(0, z[2 * i + 1], 1e-6, "a constant element maps to 0");
        }
        assertEquals(0, mean / n, 1e-4);
        assertEquals(1, sq / n, 1e-3);
        // pooled std = sqrt((4 + 0) / 2); a unit bump on the constant element is divided by a tenth of it
        float[] bump = norm.apply(Tensor.of(new float[] {5, 1.25f}, 1, 2)).data();
        assertEquals(1 / (InputNormalizer.FLOOR * Math.sqrt(2.0)), bump[1], 0.25);
    }
}
