package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class BatchNorm2dTest {

    private static double[] channelMeanVar(Tensor x, int c) {
        int n = x.size(0);
        int h = x.size(2);
        int w = x.size(3);
        double s = 0;
        double sq = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double v = x.get(b, c, i, j);
                    s += v;
                    sq += v * v;
                }
            }
        }
        int m = n * h * w;
        double mean = s / m;
        return new double[] {mean, sq / m - mean * mean, m};
    }

    @Test
    void trainingNormalisesEachChannelAndUpdatesRunningStatistics() {
        Rng rng = new Rng(12);
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor x = Tensor.randn(rng, 4, 3, 5, 5).mul(3f).add(2f);
        Tensor y = bn.forward(x);
        for (int c = 0; c < 3; c++) {
            double[] out = channelMeanVar(y, c);
            assertEquals(0, out[0], 1e-4, "mean of channel " + c);
            assertEquals(1, out[1], 1e-3, "variance of channel " + c);
            double[] in = channelMeanVar(x, c);
            assertEquals(0.1 * in[0], bn.runningMean().data()[c], 1e-4, "running mean " + c);
            double unbiased = in[1] * in[2] / (in[2] - 1);
            assertEquals(0.9 + 0.1 * unbiased, bn.runningVar().data()[c], 1e-3, "running var " + c);
        }
    }

    @Test
    void evaluationUsesTheRunningStatistics() {
        BatchNorm2d bn = new BatchNorm2d(2);
        bn.runningMean().storage().write()[0] = 1f;
        bn.runningVar().storage().write()[1] = 4f;
        bn.eval();
        Tensor y = bn.forward(Tensor.full(3f, 1, 2, 1, 1));
        assertEquals(2 / Math.sqrt(1 + 1e-5), y.get(0, 0, 0, 0), 1e-5);
        assertEquals(3 / Math.sqrt(4 + 1e-5), y.get(0, 1, 0, 0), 1e-5);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Rng rng = new Rng(13);
        BatchNorm2d bn = new BatchNorm2d(2);
        Init.normal(bn.namedParameters().get("weight").tensor(), 1, rng);
        ModuleGradCheck.check("BatchNorm2d", bn, bn::forward, Tensor.randn(rng, 3, 2, 3, 3), rng, 6);
    }
}
