package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.PoolShape;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.ops.nn.AvgPool2d;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Average pooling on the device against the host op: the kernels of pool.cl against
 * AvgPool2d.hostForward/hostBackward on tiling, overlapping and padded windows, odd sizes, sizes 1 and
 * planes that are not multiples of the work-group size; and GlobalAvgPool (sumTo and a division on
 * the device) forward and backward against the CPU backend. Tolerance: the forward adds the window
 * in the host's order and multiplies once, so it is exact; the backward may contract each
 * gy * inv + acc into one fma (-cl-mad-enable), so it may differ by one rounding per term: 2 gamma_k
 * of sum |gy| / k^2 over the covering windows (k^2 terms at most). GlobalAvgPool's sums are exact and
 * its division is within OpenCL's 2.5 ulp (3 ulp checked) in both directions.
 */
class ClDeviceAvgPoolParityTest {

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void avgPool2dForwardIsExactAndBackwardWithinOneRoundingPerTerm(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(73);
        PoolShape[] shapes = {
            new PoolShape(16, 8, 12, 12, 2, 2, 0), new PoolShape(2, 3, 9, 7, 3, 2, 1),
            new PoolShape(1, 1, 1, 1, 1, 1, 0), new PoolShape(3, 5, 11, 13, 3, 1, 1),
            new PoolShape(1, 2, 2, 3, 2, 2, 1), new PoolShape(2, 67, 5, 5, 3, 2, 1), new PoolShape(3, 2, 9, 6, 3, 3, 0),
            new PoolShape(2, 3, 9, 7, 2, 2, 0), new PoolShape(1, 3, 10, 10, 4, 3, 2)};
        for (PoolShape p : shapes) {
            float[] x = Parity.random(rng, p.inputSize());
            float[] gy = Parity.random(rng, p.outputSize());
            float[] y = new float[p.outputSize()], gx = new float[p.inputSize()], bound = new float[p.inputSize()];
            AvgPool2d.hostForward(p, x, y);
            AvgPool2d.hostBackward(p, gy, gx);
            AvgPool2d.hostBackward(p, Parity.abs(gy), bound);
            Storage sy = dk.allocate(p.outputSize()), sgx = dk.allocate(p.inputSize());
            dk.avgPool2dForward(p, Storage.wrap(x), sy);
            dk.avgPool2dBackward(p, Storage.wrap(gy), sgx);
            assertArrayEquals(y, sy.read(), "avgPool2dForward " + p);
            Parity.assertClose("avgPool2dBackward " + p, gx, sgx.read(), bound,
                    Parity.dotTolerance(p.kernel() * p.kernel()), 0, gx.length);
        }
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void globalAvgPoolMatchesTheCpuBackendForwardAndBackward(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(79);
        for (int[] shape : new int[][] {{2, 3, 4, 5}, {1, 1, 1, 1}, {3, 67, 7, 3}, {5, 2, 1, 9}}) {
            float[] x = Parity.random(rng, shape[0] * shape[1] * shape[2] * shape[3]);
            float[] gy = Parity.random(rng, shape[0] * shape[1]);
            float[][] want = run(new CpuBackend(1), x, gy, shape);
            float[][] got = run(cl, x, gy, shape);
            String what = "globalAvgPool " + java.util.Arrays.toString(shape);
            Parity.assertClose(what + " forward", want[0], got[0], Parity.abs(want[0]), 6 * Parity.EPS, 0, want[0].length);
            Parity.assertClose(what + " backward", want[1], got[1], Parity.abs(want[1]), 6 * Parity.EPS, 0, want[1].length);
        }
    }

    private static float[][] run(Backend backend, float[] x, float[] gy, int[] shape) {
        Backend before = Backends.current();
        Backends.use(backend);
        try {
            Tensor tx = Tensor.of(x.clone(), shape).requiresGrad(true);
            Tensor y = F.globalAvgPool(tx);
            y.backward(Tensor.of(gy.clone(), y.shape()));
            return new float[][] {y.data().clone(), tx.grad().data().clone()};
        } finally {
            Backends.use(before);
        }
    }
}
