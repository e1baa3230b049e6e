package org.mimo4j.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;

/**
 * ClBackend's attention forward and backward against CpuBackend on random shapes (seqQ != seqK,
 * dim != dimV, sizes from 1), without a mask, with a causal mask, and with a fully masked row (which
 * both backends must turn into zeros, not NaN).
 * Tolerance: 5e-5 * (1 + the largest |value| of the tensor). Softmax chains have no simple product
 * bound; float32 exp/sum rounding over these lengths stays near 1e-6, while any indexing or masking
 * mistake moves values by O(0.1).
 */
class ClBackendAttentionParityTest {
    private static final double TOL = 5e-5;
    private final CpuBackend cpu = new CpuBackend(1);

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnRandomShapesAndMasks(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(31);
        int[] sizes = {1, 3, 8, 17, 33};
        for (int trial = 0; trial < 15; trial++) {
            AttentionShape s = new AttentionShape(1 + rng.nextInt(4), sizes[rng.nextInt(sizes.length)],
                    sizes[rng.nextInt(sizes.length)], sizes[rng.nextInt(sizes.length)], sizes[rng.nextInt(sizes.length)]);
            check(cl, rng, s, trial % 3 == 0 ? null : mask(s, trial % 3 == 2));
        }
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnTheBenchmarkShape(OpenClTests.Variant variant) throws Exception {
        check(OpenClTests.backend(variant), new Rng(32), new AttentionShape(8, 64, 64, 64, 64), null);
    }

    /** Causal (j <= i + seqK - seqQ); with {@code blankRow}, row 0 masked out entirely. */
    static float[] mask(AttentionShape s, boolean blankRow) {
        float[] m = new float[s.seqQ() * s.seqK()];
        for (int i = 0; i < s.seqQ(); i++) {
            for (int j = 0; j < s.seqK(); j++) {
                boolean hide = j > i + s.seqK() - s.seqQ() || (blankRow && i == 0);
                m[i * s.seqK() + j] = hide ? Float.NEGATIVE_INFINITY : 0f;
            }
        }
        return m;
    }

    void check(ClBackend cl, Rng rng, AttentionShape s, float[] mask) {
        int b = s.batch(), nq = b * s.seqQ() * s.dim(), nk = b * s.seqK() * s.dim(), nv = b * s.seqK() * s.dimV();
        int no = b * s.seqQ() * s.dimV(), np = b * s.seqQ() * s.seqK();
        float[] q = Parity.random(rng, nq), k = Parity.random(rng, nk), v = Parity.random(rng, nv);
        float[] dOut = Parity.random(rng, no);
        float scale = (float) (1 / Math.sqrt(s.dim()));
        String what = "attention " + s + (mask == null ? "" : " masked");

        float[] outW = new float[no], outG = new float[no], pW = new float[np], pG = new float[np];
        cpu.attentionForward(s, q, k, v, mask, scale, outW, pW);
        cl.attentionForward(s, q, k, v, mask, scale, outG, pG);
        Parity.assertCloseScaled(what + " out", outW, outG, TOL, no);
        Parity.assertCloseScaled(what + " probs", pW, pG, TOL, np);

        float[] dqW = new float[nq], dkW = new float[nk], dvW = new float[nv];
        float[] dqG = new float[nq], dkG = new float[nk], dvG = new float[nv];
        cpu.attentionBackward(s, q, k, v, pW, dOut, scale, dqW, dkW, dvW);
        cl.attentionBackward(s, q, k, v, pW, dOut, scale, dqG, dkG, dvG);
        Parity.assertCloseScaled(what + " dq", dqW, dqG, TOL, nq);
        Parity.assertCloseScaled(what + " dk", dkW, dkG, TOL, nk);
        Parity.assertCloseScaled(what + " dv", dvW, dvG, TOL, nv);
    }
}
