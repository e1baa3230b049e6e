package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.PoolShape;
import org.mimo4j.engine.ops.elementwise.Relu;
import org.mimo4j.engine.ops.nn.MaxPool2d;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * Max pooling's device kernels (pool.cl) against the host op's loops (ops.nn.MaxPool2d: the first
 * maximal element of each window wins, padding never does, and the backward scatters each output's
 * gradient to it in output order). Geometries: windows that tile the input (the CNN's 2/2/0 and a
 * 3/3/0, which take the per-window backward), overlapping 3/2/1 windows, 3/1/1, 2/2/0 on odd sizes
 * that leave a border uncovered, sizes 1; 2/2/0 (which has kernels of their own, two windows of a row
 * per item in vector types and the last window of an odd outW alone) also on a single window, on 794k
 * inputs, on even rows (outW 8) and with vector loads from odd rows (an odd h with outW 9, an odd w
 * with outW 8), and on rows of 1 to 16 items (the work-groups' row width follows the items: 1, 2, 4
 * or 8; outW 7 is the small CNN's second layer); inputs drawn from only six values (signed zeros among
 * them) with a NaN planted, so ties are everywhere. Each also with the relu flag, against the host
 * composition it fuses: relu of x, then the pooling above, then relu's backward (Relu.gradient at x).
 * Tolerance: none; the forward copies values and the backward adds the same gradients in the same
 * order as the host.
 */
class ClDevicePoolParityTest {
    private static final float[] FEW = {-0.75f, -0.25f, -0f, 0f, 0.5f, 1f};

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void forwardAndBackwardMatchTheHostOpWithOverlapsAndTies(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(71);
        PoolShape[] shapes = {
            new PoolShape(16, 8, 12, 12, 2, 2, 0), new PoolShape(2, 3, 9, 7, 3, 2, 1),
            new PoolShape(1, 1, 1, 1, 1, 1, 0), new PoolShape(3, 5, 11, 13, 3, 1, 1),
            new PoolShape(1, 2, 2, 3, 2, 2, 1), new PoolShape(2, 67, 5, 5, 3, 2, 1), new PoolShape(3, 2, 9, 6, 3, 3, 0),
            new PoolShape(2, 3, 9, 7, 2, 2, 0), new PoolShape(1, 1, 2, 2, 2, 2, 0), new PoolShape(4, 50, 64, 62, 2, 2, 0),
            new PoolShape(3, 5, 8, 16, 2, 2, 0), new PoolShape(2, 3, 11, 18, 2, 2, 0), new PoolShape(2, 3, 10, 17, 2, 2, 0),
            new PoolShape(3, 5, 14, 14, 2, 2, 0)};
        for (PoolShape p : shapes) {
            for (boolean ties : new boolean[] {false, true}) {
                for (boolean relu : new boolean[] {false, true}) {
                    float[] x = ties ? fewValues(rng, p.inputSize()) : Parity.random(rng, p.inputSize());
                    float[] gy = Parity.random(rng, p.outputSize());
                    float[] pooled = relu ? reluOf(x) : x;
                    int[] arg = argmax(p, pooled);
                    float[] y = new float[arg.length], gx = new float[p.inputSize()];
                    for (int o = 0; o < arg.length; o++) {
                        y[o] = pooled[arg[o]];
                        gx[arg[o]] += gy[o];
                    }
                    for (int i = 0; relu && i < gx.length; i++) {
                        gx[i] = Relu.gradient(x[i], gx[i]);
                    }
                    Storage sx = Storage.wrap(x), sy = dk.allocate(p.outputSize()), sgx = dk.allocate(p.inputSize());
                    dk.maxPool2dForward(p, sx, sy, relu);
                    dk.maxPool2dBackward(p, sx, Storage.wrap(gy), sgx, relu);
                    String what = p + " ties=" + ties + " relu=" + relu;
                    assertArrayEquals(y, sy.read(), "maxPool2dForward " + what);
                    assertArrayEquals(gx, sgx.read(), "maxPool2dBackward " + what);
                }
            }
        }
    }

    private static float[] reluOf(float[] x) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = Relu.of(x[i]);
        }
        return r;
    }

    private static float[] fewValues(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = FEW[rng.nextInt(FEW.length)];
        }
        x[rng.nextInt(n)] = Float.NaN;
        return x;
    }

    /** The host op's forward: the first maximal element of each window, padding skipped. */
    private static int[] argmax(PoolShape p, float[] d) {
        int[] arg = new int[p.outputSize()];
        MaxPool2d.hostForward(p, d, new float[arg.length], arg);
        return arg;
    }
}
