package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MmParetoTest {

    /** Rows f0, f1, f2 over encoder 1 (2 tensors), encoder 2 (1 tensor) and the fusion head. */
    private static GradientBank bank(double[] e1a0, double[] e1a1, double[] e2_0, double[] e2_2) {
        var groups = List.of(ParameterGroup.encoderConv("enc1.conv", 2, 1), ParameterGroup.encoder("enc1.bias", 1, 1),
                ParameterGroup.encoder("enc2.w", 2, 2), ParameterGroup.fusion("fusion.w", 1));
        float[][][] data = {
            {TestBanks.toFloat(new double[] {e1a0[0], e1a0[1]}), new float[] {(float) e1a0[2]},
                TestBanks.toFloat(e2_0), new float[] {2}},
            {TestBanks.toFloat(new double[] {e1a1[0], e1a1[1]}), new float[] {(float) e1a1[2]}, new float[2],
                new float[1]},
            {new float[2], new float[1], TestBanks.toFloat(e2_2), new float[1]}};
        GradientBank b = GradientBank.wrap(List.of("f0", "f1", "f2"), groups, data);
        for (int r = 0; r < 3; r++) {
            b.setLoss(r, 1);
        }
        return b;
    }

    private static float[][] run(GradientBank bank) {
        MmPareto mm = new MmPareto(2);
        mm.plan(bank.losses(), TestBanks.ctx(1));
        float[][] out = bank.newDirection();
        mm.combine(bank, out, TestBanks.ctx(1));
        return out;
    }

    @Test
    void agreeingEncoderGetsTheBoostedSumAndHeadsTheSum() {
        // encoder 2: g0 = (1, 0), g2 = (1, 1): cos > 0, so g̃ = g0 + g2 = s, ||s|| = ||g̃||: update = 1.5·s
        float[][] out = run(bank(new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {1, 0}, new double[] {1, 1}));
        assertEquals(3.0, out[2][0], 1e-6);
        assertEquals(1.5, out[2][1], 1e-6);
        assertEquals(2.0, out[3][0], 1e-6);
    }

    @Test
    void conflictingEncoderUsesTheMinNormWeightsRescaledPerTensor() {
        // encoder 1: g0 = (1, 0 | 0), g1 = (-1, 1 | 2): cos < 0, t = (c - b) / (a + c - 2b) with a=1, b=-1, c=6
        double t = 7.0 / 9;
        float[][] out = run(bank(new double[] {1, 0, 0}, new double[] {-1, 1, 2}, new double[] {1, 0}, new double[] {1, 1}));
        double[] conv = {2 * (t * 1 + (1 - t) * -1), 2 * (1 - t) * 1};
        double[] sum = {0, 1};
        double scale = Math.max(1, Math.hypot(sum[0], sum[1]) / Math.hypot(conv[0], conv[1]));
        assertEquals(1.5 * scale * conv[0], out[0][0], 1e-5);
        assertEquals(1.5 * scale * conv[1], out[0][1], 1e-5);
        double bias = 2 * (1 - t) * 2;
        double biasScale = Math.max(1, 2.0 / bias);
        assertEquals(1.5 * biasScale * bias, out[1][0], 1e-5);
    }
}
