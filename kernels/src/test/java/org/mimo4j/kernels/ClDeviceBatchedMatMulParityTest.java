package org.mimo4j.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Batched MatMul (ops.linalg.MatMul) on resident storages against the CPU backend, forward and both
 * gradients: equal batches, a single matrix broadcast by stride 0, batch axes that broadcast only
 * partly (gathered to the full batch), vectors, transposed-view operands (gathered), sizes 1 and odd,
 * inner sizes that are no multiple of any tile, under every tile variant. Tolerance: every result
 * element is a dot product of k terms (the gradients: of n or m terms, summed over up to B broadcast
 * batch entries), so it is checked against 2 gamma_T, T = (m + n + k) B terms at most, times the same
 * computation on absolute values (the classical bound of both sides' errors), computed on the CPU.
 */
class ClDeviceBatchedMatMulParityTest {
    private static final int[][][] PAIRS = {
        {{2, 3, 4}, {4, 5}}, {{3, 4}, {2, 4, 5}}, {{3, 7, 9}, {3, 9, 5}}, {{2, 1, 3, 17}, {1, 3, 17, 5}},
        {{9}, {2, 9, 5}}, {{2, 3, 9}, {9}}, {{1, 1, 1}, {3, 1, 1}}, {{2, 1, 1, 3, 33}, {1, 2, 3, 33, 1}},
        {{5, 1, 67}, {67, 3}}};

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void batchedProductsAndGradientsMatchTheCpuBackend(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(83);
        for (int[][] pair : PAIRS) {
            for (boolean transB : new boolean[] {false, true}) {
                if (transB && pair[1].length < 2) {
                    continue;
                }
                int[] bStored = transB ? swapLast(pair[1]) : pair[1];
                float[] a = Parity.random(rng, Shapes.numel(pair[0]));
                float[] b = Parity.random(rng, Shapes.numel(bStored));
                float[][] want = run(new CpuBackend(1), a, pair[0], b, bStored, transB, null);
                float[][] bound = run(new CpuBackend(1), Parity.abs(a), pair[0], Parity.abs(b), bStored, transB,
                        Parity.abs(gy(want[0].length)));
                float[][] got = run(cl, a, pair[0], b, bStored, transB, null);
                int m = pair[0].length == 1 ? 1 : pair[0][pair[0].length - 2];
                int k = pair[0][pair[0].length - 1];
                int n = pair[1].length == 1 ? 1 : pair[1][pair[1].length - 1];
                int terms = (m + n + k) * (want[0].length / (m * n));
                String what = Shapes.str(pair[0]) + " x " + Shapes.str(bStored) + (transB ? "^T" : "");
                for (int r = 0; r < 3; r++) {
                    Parity.assertClose(what + " result " + r + " (0 = product, then dA, dB)", want[r], got[r], bound[r],
                            Parity.dotTolerance(terms), 0, want[r].length);
                }
            }
        }
    }

    /** c = a b (b's last two axes swapped as a view when {@code transB}), dA, dB for gy (a fixed pattern unless given). */
    private static float[][] run(Backend backend, float[] a, int[] aShape, float[] b, int[] bShape, boolean transB,
                                 float[] gy) {
        Backend before = Backends.current();
        Backends.use(backend);
        try {
            Tensor ta = Tensor.of(a.clone(), aShape).requiresGrad(true);
            Tensor tb = Tensor.of(b.clone(), bShape).requiresGrad(true);
            Tensor c = ta.matmul(transB ? tb.transpose(-2, -1) : tb);
            c.backward(Tensor.of(gy == null ? gy(c.numel()) : gy, c.shape()));
            return new float[][] {c.data().clone(), ta.grad().data().clone(), tb.grad().data().clone()};
        } finally {
            Backends.use(before);
        }
    }

    private static float[] gy(int n) {
        return Parity.random(new Rng(n), n);
    }

    private static int[] swapLast(int[] s) {
        int[] t = s.clone();
        t[t.length - 1] = s[s.length - 2];
        t[t.length - 2] = s[s.length - 1];
        return t;
    }
}
