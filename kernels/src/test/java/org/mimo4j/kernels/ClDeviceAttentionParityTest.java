package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * The storage forms of attention (DeviceKernels.attentionForward / attentionBackward, resident
 * buffers) against the host reference, the CPU backend's AttentionCpu, on random shapes: seqQ and
 * seqK from 1, odd and past the GEMM tiles, dim != dimV, no mask, a random mask of 0 and -infinity that
 * keeps one position per row, and that mask with row 0 masked everywhere (the host defines that row:
 * all-zero probabilities, zero gradients). The backward also runs with each gradient left out (null),
 * which must not change the others.
 *
 * <p>Tolerance: 5e-5 * (1 + the largest |value| of the tensor), as ClBackendAttentionParityTest. A
 * softmax chain has no simple product bound; float32 exp/sum rounding over these lengths stays near
 * 1e-6, while an indexing or masking mistake moves values by O(0.1).
 */
class ClDeviceAttentionParityTest {
    private static final double TOL = 5e-5;
    private static final int[] SIZES = {1, 3, 8, 17, 33, 70};
    private final CpuBackend cpu = new CpuBackend(1);

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void forwardAndBackwardMatchTheHostReferenceOnRandomShapesAndMasks(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(131);
        for (int trial = 0; trial < 18; trial++) {
            AttentionShape s = new AttentionShape(1 + rng.nextInt(3), pick(rng), pick(rng), pick(rng), pick(rng));
            float[] mask = trial % 3 == 0 ? null : mask(rng, s, trial % 3 == 2);
            check(dk, rng, s, mask, trial % 4);
        }
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void aSingleQueryAndKeyGivesProbabilityOneAndOutEqualToV(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        AttentionShape s = new AttentionShape(2, 1, 1, 5, 3);
        Rng rng = new Rng(132);
        float[] v = Parity.random(rng, 6);
        Storage out = dk.allocate(6), probs = dk.allocate(2);
        dk.attentionForward(s, Storage.wrap(Parity.random(rng, 10)), Storage.wrap(Parity.random(rng, 10)),
                Storage.wrap(v), null, 0.5f, out, probs);
        assertArrayEquals(new float[] {1f, 1f}, probs.read());
        assertArrayEquals(v, out.read());
        check(dk, rng, s, null, 0);
    }

    private static int pick(Rng rng) {
        return SIZES[rng.nextInt(SIZES.length)];
    }

    /** 0 or -infinity at random, one kept position per row; with {@code blankRow}, row 0 masked everywhere. */
    private static float[] mask(Rng rng, AttentionShape s, boolean blankRow) {
        int sq = s.seqQ(), sk = s.seqK();
        float[] m = new float[sq * sk];
        for (int i = 0; i < sq; i++) {
            int keep = rng.nextInt(sk);
            for (int j = 0; j < sk; j++) {
                boolean hide = (blankRow && i == 0) || (j != keep && rng.nextInt(3) == 0);
                m[i * sk + j] = hide ? Float.NEGATIVE_INFINITY : 0f;
            }
        }
        return m;
    }

    /** {@code skip}: 0 computes every gradient, 1..3 leaves out dq, dk or dv. */
    private void check(DeviceKernels dk, Rng rng, AttentionShape s, float[] mask, int skip) {
        int b = s.batch(), nq = b * s.seqQ() * s.dim(), nk = b * s.seqK() * s.dim(), nv = b * s.seqK() * s.dimV();
        int no = b * s.seqQ() * s.dimV(), np = b * s.seqQ() * s.seqK();
        float[] q = Parity.random(rng, nq), k = Parity.random(rng, nk), v = Parity.random(rng, nv);
        float[] dOut = Parity.random(rng, no);
        float scale = (float) (1 / Math.sqrt(s.dim()));
        String what = "device attention " + s + (mask == null ? "" : " masked") + " skip " + skip;

        float[] out = new float[no], p = new float[np];
        cpu.attentionForward(s, q, k, v, mask, scale, out, p);
        Storage sq = Storage.wrap(q), sk = Storage.wrap(k), sv = Storage.wrap(v);
        Storage outS = dk.allocate(no), probs = dk.allocate(np);
        dk.attentionForward(s, sq, sk, sv, mask == null ? null : Storage.wrap(mask), scale, outS, probs);
        Parity.assertCloseScaled(what + " out", out, outS.read(), TOL, no);
        Parity.assertCloseScaled(what + " probs", p, probs.read(), TOL, np);

        float[][] want = {new float[nq], new float[nk], new float[nv]};
        cpu.attentionBackward(s, q, k, v, p, dOut, scale, want[0], want[1], want[2]);
        Storage[] got = new Storage[3];
        int[] lengths = {nq, nk, nv};
        for (int i = 0; i < 3; i++) {
            got[i] = skip == i + 1 ? null : dk.allocate(lengths[i]);
        }
        dk.attentionBackward(s, sq, sk, sv, probs, Storage.wrap(dOut), scale, got[0], got[1], got[2]);
        String[] names = {" dq", " dk", " dv"};
        for (int i = 0; i < 3; i++) {
            if (got[i] != null) {
                Parity.assertCloseScaled(what + names[i], want[i], got[i].read(), TOL, lengths[i]);
            }
        }
        assertTrue(sq.hostCurrent() && sk.hostCurrent() && sv.hostCurrent(), what + ": the inputs were only read");
    }
}
