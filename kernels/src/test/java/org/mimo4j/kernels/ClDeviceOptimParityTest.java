package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.optim.Adam;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * The fused optimizer updates (optim.cl) against the host formulas of optim.Sgd.apply and
 * optim.Adam.apply, run side by side for several steps with a fresh random gradient each step:
 * plain SGD, momentum, momentum + Nesterov + weight decay, Adam with L2 decay and AdamW. Each call
 * updates {@link #LENGTHS}' thirteen tensors at once: three of {@link ClOptim#SMALL} floats or more in
 * launches of their own, ten smaller ones in two launches of the {@code _small} kernels (eight, then
 * two), with lengths 1, odd, and non-multiples of the work-group size, each tensor's range of
 * work-items starting where the previous one's last work-group ends. Tolerance per step, on the weights and every state buffer: 64 eps
 * (1 + max |value|). The device may contract a * b + c into one fma and its division and sqrt are
 * within 2.5 and 3 ulp, so a step can differ by a few roundings of O(1) quantities, which then carry
 * into the next; a wrong term (a missing bias correction or decay) moves the result by about
 * lr * 1e-1, a thousand times more, and a tensor updated twice or not at all by far more. On the device's
 * tuning row (here a CPU's: 16 elements per work-item of the one-tensor kernels, as float16, the rest of a
 * tensor one by one) and on the GPU row (one element per work-item).
 */
class ClDeviceOptimParityTest {
    private static final int STEPS = 5;
    private static final int[] LENGTHS = {1, 7, 4099, 16, 3, 5000, 64, 2, 9001, 33, 1, ClOptim.SMALL - 1, 300};

    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "GPU_ROW"})
    void sgdMatchesTheHostFormulaInEveryVariant(OpenClTests.Variant row) throws Exception {
        DeviceKernels dk = OpenClTests.backend(row).deviceKernels();
        float[][] variants = {{0f, 0f, 0f}, {0.9f, 0f, 0f}, {0.9f, 1f, 0.01f}, {0.5f, 0f, 0.1f}};
        for (float[] variant : variants) {
            float mu = variant[0], wd = variant[2], lr = 0.1f;
            boolean nesterov = variant[1] == 1f;
            Rng rng = new Rng(90);
            Tensors w = new Tensors(rng, true), b = mu > 0 ? new Tensors(rng, false) : null;
            String what = "sgd momentum=" + mu + " nesterov=" + nesterov + " wd=" + wd;
            for (int step = 0; step < STEPS; step++) {
                Tensors g = new Tensors(rng, true);
                for (int i = 0; i < LENGTHS.length; i++) {
                    Sgd.apply(w.host[i], g.host[i], b == null ? null : b.host[i], lr, mu, nesterov, wd);
                }
                dk.sgdUpdate(w.device, g.device, b == null ? null : b.device, lr, mu, nesterov, wd);
                w.assertClose(what + " step " + step + " w");
                if (b != null) {
                    b.assertClose(what + " step " + step + " buffer");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "GPU_ROW"})
    void adamAndAdamWMatchTheHostFormula(OpenClTests.Variant row) throws Exception {
        DeviceKernels dk = OpenClTests.backend(row).deviceKernels();
        float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, lr = 0.01f, wd = 0.05f;
        for (boolean decoupled : new boolean[] {false, true}) {
            Rng rng = new Rng(95);
            Tensors w = new Tensors(rng, true), m = new Tensors(rng, false), v = new Tensors(rng, false);
            String what = decoupled ? "adamW" : "adam";
            for (int t = 1; t <= STEPS; t++) {
                Tensors g = new Tensors(rng, true);
                float c1 = (float) (1 - Math.pow(beta1, t)), c2 = (float) Math.sqrt(1 - Math.pow(beta2, t));
                float l2 = decoupled ? 0f : wd, shrink = decoupled ? 1f - lr * wd : 1f;
                for (int i = 0; i < LENGTHS.length; i++) {
                    Adam.apply(w.host[i], g.host[i], m.host[i], v.host[i], lr, beta1, beta2, eps, l2, shrink, c1, c2);
                }
                dk.adamUpdate(w.device, g.device, m.device, v.device, lr, beta1, beta2, eps, l2, shrink, c1, c2);
                w.assertClose(what + " step " + t + " w");
                m.assertClose(what + " step " + t + " m");
                v.assertClose(what + " step " + t + " v");
            }
        }
    }

    /** One launch must not update a storage twice: a weight given twice, or a gradient that is a weight, is refused. */
    @Test
    void anUpdateWritingAStorageTwiceIsRejected() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        Storage a = dk.allocate(4), b = dk.allocate(4), g = dk.allocate(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dk.sgdUpdate(new Storage[] {a, a}, new Storage[] {g, b}, null, 0.1f, 0f, false, 0f));
        assertEquals("sgdUpdate: tensor 1 writes a storage that another tensor of the same update writes too",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> dk.sgdUpdate(new Storage[] {a, b}, new Storage[] {g, a}, null, 0.1f, 0f, false, 0f));
        assertEquals("sgdUpdate: gradient 1 is a storage the update writes", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> dk.adamUpdate(new Storage[] {a}, new Storage[] {g},
                new Storage[] {b}, new Storage[] {dk.allocate(5)}, 0.1f, 0.9f, 0.999f, 1e-8f, 0f, 1f, 1f, 1f));
        assertTrue(e.getMessage().startsWith("adamUpdate: v[0] has 5 floats"), e.getMessage());
    }

    /** {@link #LENGTHS}' tensors on the host and, as copies, in storages the device kernels update. */
    private static final class Tensors {
        final float[][] host = new float[LENGTHS.length][];
        final Storage[] device = new Storage[LENGTHS.length];

        /** Random values, or zeros (fresh moment and momentum buffers). */
        Tensors(Rng rng, boolean random) {
            for (int i = 0; i < LENGTHS.length; i++) {
                host[i] = random ? Parity.random(rng, LENGTHS[i]) : new float[LENGTHS[i]];
                device[i] = Storage.wrap(host[i].clone());
            }
        }

        void assertClose(String what) {
            for (int i = 0; i < LENGTHS.length; i++) {
                Parity.assertCloseScaled(what + " tensor " + i + " (n=" + LENGTHS[i] + ")", host[i], device[i].read(),
                        64 * Parity.EPS, LENGTHS[i]);
            }
        }
    }
}
