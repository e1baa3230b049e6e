package org.mimo4j.kernels;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.optim.Adam;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * The fused optimizer updates (optim.cl) against the host formulas of optim.Sgd.update and
 * optim.Adam.update, run side by side for several steps with a fresh random gradient each step:
 * plain SGD, momentum, momentum + Nesterov + weight decay, Adam with L2 decay and AdamW, on lengths
 * 1, odd and a large non-multiple of the work-group size. Tolerance per step, on the weights and every
 * state buffer: 64 eps (1 + max |value|). The device may contract a * b + c into one fma and its
 * division and sqrt are within 2.5 and 3 ulp, so a step can differ by a few roundings of O(1)
 * quantities, which then carry into the next; a wrong term (a missing bias correction or decay)
 * moves the result by about lr * 1e-1, a thousand times more.
 */
class ClDeviceOptimParityTest {
    private static final int STEPS = 5;
    private static final int[] LENGTHS = {1, 7, 4099};

    @Test
    void sgdMatchesTheHostFormulaInEveryVariant() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        float[][] variants = {{0f, 0f, 0f}, {0.9f, 0f, 0f}, {0.9f, 1f, 0.01f}, {0.5f, 0f, 0.1f}};
        for (int n : LENGTHS) {
            for (float[] v : variants) {
                float mu = v[0], wd = v[2];
                boolean nesterov = v[1] == 1f;
                Rng rng = new Rng(90 + n);
                float[] w = Parity.random(rng, n), b = mu > 0 ? new float[n] : null;
                Storage sw = Storage.wrap(w.clone()), sb = mu > 0 ? Storage.wrap(new float[n]) : null;
                String what = "sgd n=" + n + " momentum=" + mu + " nesterov=" + nesterov + " wd=" + wd;
                for (int step = 0; step < STEPS; step++) {
                    float[] g = Parity.random(rng, n);
                    float lr = 0.1f;
                    Sgd.apply(w, g, b, lr, mu, nesterov, wd);
                    dk.sgdUpdate(sw, Storage.wrap(g), sb, lr, mu, nesterov, wd);
                    Parity.assertCloseScaled(what + " step " + step + " w", w, sw.read(), 64 * Parity.EPS, n);
                    if (b != null) {
                        Parity.assertCloseScaled(what + " step " + step + " buffer", b, sb.read(), 64 * Parity.EPS, n);
                    }
                }
            }
        }
    }

    @Test
    void adamAndAdamWMatchTheHostFormula() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, lr = 0.01f, wd = 0.05f;
        for (int n : LENGTHS) {
            for (boolean decoupled : new boolean[] {false, true}) {
                Rng rng = new Rng(95 + n);
                float[] w = Parity.random(rng, n), m = new float[n], v = new float[n];
                Storage sw = Storage.wrap(w.clone()), sm = Storage.wrap(new float[n]), sv = Storage.wrap(new float[n]);
                String what = (decoupled ? "adamW" : "adam") + " n=" + n;
                for (int t = 1; t <= STEPS; t++) {
                    float[] g = Parity.random(rng, n);
                    float c1 = (float) (1 - Math.pow(beta1, t)), c2 = (float) Math.sqrt(1 - Math.pow(beta2, t));
                    float l2 = decoupled ? 0f : wd, shrink = decoupled ? 1f - lr * wd : 1f;
                    Adam.apply(w, g, m, v, lr, beta1, beta2, eps, l2, shrink, c1, c2);
                    dk.adamUpdate(sw, Storage.wrap(g), sm, sv, lr, beta1, beta2, eps, l2, shrink, c1, c2);
                    Parity.assertCloseScaled(what + " step " + t + " w", w, sw.read(), 64 * Parity.EPS, n);
                    Parity.assertCloseScaled(what + " step " + t + " m", m, sm.read(), 64 * Parity.EPS, n);
                    Parity.assertCloseScaled(what + " step " + t + " v", v, sv.read(), 64 * Parity.EPS, n);
                }
            }
        }
    }
}
