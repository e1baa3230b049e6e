package org.mimo4j.engine.nn;

import java.util.Arrays;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Seeded weight initialisation, written in place. Fans follow PyTorch: for a weight of shape
 * [out, in, k...] fan-in = in * prod(k) and fan-out = out * prod(k); for [out, in] there is no kernel.
 * <ul>
 * <li>Kaiming (He et al. 2015), for ReLU networks: normal with std = sqrt(2 / fanIn), which keeps the
 * activation variance constant through ReLU layers.</li>
 * <li>Kaiming-uniform with a = sqrt(5) (PyTorch's default for Linear and Conv2d): uniform in
 * +-1 / sqrt(fanIn).</li>
 * <li>Xavier/Glorot (2010), for tanh/linear layers and attention: uniform in
 * +-sqrt(6 / (fanIn + fanOut)) or normal with std = sqrt(2 / (fanIn + fanOut)).</li>
 * </ul>
 */
public final class Init {
    private Init() {
    }

    public static int fanIn(int[] shape) {
        checkRank(shape);
        return shape[1] * receptive(shape);
    }

    public static int fanOut(int[] shape) {
        checkRank(shape);
        return shape[0] * receptive(shape);
    }

    private static int receptive(int[] shape) {
        int r = 1;
        for (int i = 2; i < shape.length; i++) {
            r *= shape[i];
        }
        return r;
    }

    private static void checkRank(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fan-in/fan-out need a weight of rank >= 2, got shape " + Arrays.toString(shape));
        }
    }

    public static void kaimingNormal(Tensor w, Rng rng) {
        normal(w, Math.sqrt(2.0 / fanIn(w.shape())), rng);
    }

    /** PyTorch's default for Linear and Conv2d weights (and their biases, with the weight's fan-in). */
    public static void kaimingUniform(Tensor w, Rng rng) {
        uniform(w, 1.0 / Math.sqrt(fanIn(w.shape())), rng);
    }

    public static void xavierUniform(Tensor w, Rng rng) {
        int[] s = w.shape();
        uniform(w, Math.sqrt(6.0 / (fanIn(s) + fanOut(s))), rng);
    }

    public static void xavierNormal(Tensor w, Rng rng) {
        int[] s = w.shape();
        normal(w, Math.sqrt(2.0 / (fanIn(s) + fanOut(s))), rng);
    }

    /** Uniform in [-bound, bound). */
    public static void uniform(Tensor t, double bound, Rng rng) {
        float[] d = live(t);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        }
    }

    public static void normal(Tensor t, double std, Rng rng) {
        float[] d = live(t);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rng.nextGaussian() * std);
        }
    }

    private static float[] live(Tensor t) {
        if (t.dense() == null) {
            throw new IllegalArgumentException("initialisation writes in place and needs a contiguous tensor with its own"
                    + " storage, got shape " + Arrays.toString(t.shape()));
        }
        return t.storage().write();
    }
}
