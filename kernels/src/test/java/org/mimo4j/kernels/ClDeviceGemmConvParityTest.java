package org.mimo4j.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * The storage forms of sgemm and conv2d (the same launch code as the host-array path, now on
 * resident buffers with the caller's offsets and strides) against CpuBackend. Tolerances as in
 * ClBackendSgemmParityTest and ClBackendConvParityTest: the float dot-product bound per element.
 * C with gaps (padding in ldc and between batch entries) must keep its gap values, which live only
 * on the side that was written last.
 */
class ClDeviceGemmConvParityTest {
    private final CpuBackend cpu = new CpuBackend(1);

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void sgemmOnStoragesMatchesCpuWithOffsetsStridesAndGaps(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(111);
        int[] sizes = {1, 2, 7, 9, 33, 64, 100};
        for (int trial = 0; trial < 24; trial++) {
            int m = sizes[rng.nextInt(sizes.length)], n = sizes[rng.nextInt(sizes.length)];
            int k = sizes[rng.nextInt(sizes.length)], batch = 1 + rng.nextInt(3), pad = rng.nextInt(3);
            boolean ta = trial % 2 == 1, tb = (trial / 2) % 2 == 1, withBeta = trial % 3 == 0;
            int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
            int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
            long sa = (long) aRows * lda + pad, sb = (long) bRows * ldb + pad, sc = (long) m * ldc + pad;
            float[] a = Parity.random(rng, (int) (pad + sa * batch)), b = Parity.random(rng, (int) (2 * pad + sb * batch));
            float[] c0 = Parity.random(rng, (int) (pad + sc * batch));
            float alpha = 0.5f + rng.nextFloat(), beta = withBeta ? 0.25f + rng.nextFloat() : 0f;
            float[] want = c0.clone(), bound = Parity.abs(c0);
            cpu.sgemm(ta, tb, m, n, k, alpha, a, pad, lda, sa, b, 2 * pad, ldb, sb, beta, want, pad, ldc, sc, batch);
            cpu.sgemm(ta, tb, m, n, k, alpha, Parity.abs(a), pad, lda, sa, Parity.abs(b), 2 * pad, ldb, sb,
                    Math.abs(beta), bound, pad, ldc, sc, batch);
            Storage c = Storage.wrap(c0.clone());
            dk.sgemm(ta, tb, m, n, k, alpha, Storage.wrap(a), pad, lda, sa, Storage.wrap(b), 2 * pad, ldb, sb, beta, c,
                    pad, ldc, sc, batch);
            Parity.assertClose("storage sgemm m=" + m + " n=" + n + " k=" + k + " batch=" + batch + " pad=" + pad
                    + " beta=" + beta, want, c.read(), bound, Parity.dotTolerance(k), 0, want.length);
        }
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void conv2dOnStoragesMatchesCpu(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(112);
        Conv2dShape[] shapes = {Conv2dShape.of(16, 1, 12, 12, 8, 3, 1, 1, 1, 1), Conv2dShape.of(3, 1, 23, 23, 6, 5, 1, 2, 1, 1),
            new Conv2dShape(2, 8, 9, 7, 4, 3, 3, 1, 1, 1, 2, 2, 1, 2), new Conv2dShape(1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1),
            Conv2dShape.of(3, 4, 13, 11, 6, 3, 2, 1, 1, 2)};
        for (Conv2dShape s : shapes) {
            float[] x = Parity.random(rng, s.inputSize()), w = Parity.random(rng, s.weightSize());
            float[] dy = Parity.random(rng, s.outputSize()), bias = Parity.random(rng, s.outChannels());
            int khw = s.kernelH() * s.kernelW();
            Storage sx = Storage.wrap(x), sw = Storage.wrap(w);

            float[] want = new float[s.outputSize()], bound = new float[s.outputSize()];
            cpu.conv2dForward(s, x, w, bias, want);
            cpu.conv2dForward(s, Parity.abs(x), Parity.abs(w), Parity.abs(bias), bound);
            Storage y = dk.allocate(s.outputSize());
            dk.conv2dForward(s, sx, sw, Storage.wrap(bias), y);
            Parity.assertClose("storage conv2dForward " + s, want, y.read(), bound,
                    Parity.dotTolerance(s.inChannels() / s.groups() * khw), 0, want.length);

            want = new float[s.inputSize()];
            bound = new float[s.inputSize()];
            cpu.conv2dBackwardData(s, dy, w, want);
            cpu.conv2dBackwardData(s, Parity.abs(dy), Parity.abs(w), bound);
            Storage dx = dk.allocate(s.inputSize()), sdy = Storage.wrap(dy);
            dk.conv2dBackwardData(s, sdy, sw, dx);
            Parity.assertClose("storage conv2dBackwardData " + s, want, dx.read(), bound,
                    Parity.dotTolerance(s.outChannels() / s.groups() * khw), 0, want.length);

            want = new float[s.weightSize()];
            bound = new float[s.weightSize()];
            cpu.conv2dBackwardWeight(s, x, dy, want);
            cpu.conv2dBackwardWeight(s, Parity.abs(x), Parity.abs(dy), bound);
            Storage dw = Storage.wrap(Parity.random(rng, s.weightSize())); // stale host values to overwrite
            dk.conv2dBackwardWeight(s, sx, sdy, dw);
            Parity.assertClose("storage conv2dBackwardWeight " + s, want, dw.read(), bound,
                    Parity.dotTolerance(s.n() * s.outH() * s.outW()), 0, want.length);
        }
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void conv2dWithoutBiasOnStoragesMatchesCpu(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Conv2dShape s = Conv2dShape.of(2, 3, 7, 9, 5, 3, 2, 1, 1, 1);
        Rng rng = new Rng(113);
        float[] x = Parity.random(rng, s.inputSize()), w = Parity.random(rng, s.weightSize());
        float[] want = new float[s.outputSize()];
        cpu.conv2dForward(s, x, w, null, want);
        Storage y = dk.allocate(s.outputSize());
        dk.conv2dForward(s, Storage.wrap(x), Storage.wrap(w), null, y);
        float[] bound = new float[want.length];
        cpu.conv2dForward(s, Parity.abs(x), Parity.abs(w), null, bound);
        Parity.assertClose("storage conv2dForward without bias " + s, want, y.read(), bound,
                Parity.dotTolerance(3 * 9), 0, want.length);
    }
}
