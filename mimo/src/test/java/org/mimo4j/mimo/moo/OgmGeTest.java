package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

class OgmGeTest {

    private static float[][] run(OgmGe ogm, GradientBank fused, StepContext ctx) {
        ogm.plan(new double[ogm.objectives()], ctx);
        float[][] out = fused.newDirection();
        ogm.combine(fused, out, ctx);
        return out;
    }

    private static GradientBank fusedBank(int modalities) {
        GradientBank all = SyntheticBank.conflicting(1, modalities, 4000);
        double[] e0 = new double[modalities + 1];
        e0[0] = 1;
        return all.combineRows(new String[] {"f0"}, new double[][] {e0});
    }

    @Test
    void slowsOnlyTheDominantModalitysConvKernels() {
        GradientBank bank = fusedBank(2);
        double alpha = 0.3;
        StepContext ctx = TestBanks.ctx(1).withScores(30, 10);
        float[][] out = run(new OgmGe(2, new OgmGe.Options(alpha, 0, 10, false)), bank, ctx);
        double k = 1 - Math.tanh(alpha * 3);
        for (int p = 0; p < bank.groupCount(); p++) {
            ParameterGroup g = bank.group(p);
            double factor = g.isEncoderOf(1) && g.convKernel() ? k : 1;
            for (int i = 0; i < out[p].length; i++) {
                assertEquals(factor * bank.block(0, p)[i], out[p][i], 1e-6, g.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void noModulationOutsideTheEpochWindow() {
        GradientBank bank = fusedBank(2);
        StepContext late = new StepContext(11, new double[] {30, 10}, new Rng(1), Workers.shared(), false);
        float[][] out = run(new OgmGe(2, new OgmGe.Options(0.3, 0, 10, true)), bank, late);
        for (int p = 0; p < bank.groupCount(); p++) {
            assertArrayEquals(bank.block(0, p), out[p], 0);
        }
    }

    @Test
    void geNoiseHasTheStandardDeviationOfTheUnmodulatedGradient() {
        GradientBank bank = fusedBank(2);
        StepContext ctx = TestBanks.ctx(4).withScores(10, 40);
        float[][] out = run(new OgmGe(2, new OgmGe.Options(0.3, 0, 10, true)), bank, ctx);
        double k = 1 - Math.tanh(0.3 * 4);
        int conv = 3;
        float[] g = bank.block(0, conv);
        double mean = 0;
        for (float x : g) {
            mean += x / (double) g.length;
        }
        double var = 0;
        double noiseVar = 0;
        for (int i = 0; i < g.length; i++) {
            var += (g[i] - mean) * (g[i] - mean) / (g.length - 1);
            double noise = out[conv][i] - k * g[i];
            noiseVar += noise * noise / g.length;
        }
        assertEquals(1.0, noiseVar / var, 0.1);
        assertArrayEquals(bank.block(0, 0), out[0], 0);
        float[][] again = run(new OgmGe(2, new OgmGe.Options(0.3, 0, 10, true)), bank, TestBanks.ctx(4).withScores(10, 40));
        assertArrayEquals(out[conv], again[conv], 0);
        float[][] other = run(new OgmGe(2, new OgmGe.Options(0.3, 0, 10, true)), bank, TestBanks.ctx(5).withScores(10, 40));
        assertNotEquals(out[conv][0], other[conv][0]);
    }

    @Test
    void moreThanTwoModalitiesCompareEachWithTheMeanOfTheOthers() {
        OgmGe ogm = new OgmGe(3, new OgmGe.Options(0.5, 0, 10, false));
        double[] k = ogm.coefficients(TestBanks.ctx(1).withScores(40, 10, 30));
        assertEquals(1 - Math.tanh(0.5 * 40 / 20.0), k[1], 1e-12);
        assertEquals(1, k[2], 0);
        assertEquals(1 - Math.tanh(0.5 * 30 / 25.0), k[3], 1e-12);
    }

    @Test
    void scoreSumsTrueClassProbabilities() {
        float[] logits = {0, 0, 1000, 0};
        assertEquals(0.5 + 1.0, OgmGe.score(logits, new int[] {1, 0}, 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> OgmGe.score(logits, new int[] {2, 0}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new OgmGe(2, OgmGe.Options.defaults()).coefficients(TestBanks.ctx(1).withScores(0, 1)));
    }
}
