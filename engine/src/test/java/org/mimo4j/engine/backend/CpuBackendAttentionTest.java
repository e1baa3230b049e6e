package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mimo4j.engine.tensor.Rng;

/** Attention forward and backward of {@link CpuBackend} against the double-precision reference. */
class CpuBackendAttentionTest {

    /** A causal-style additive mask with some random extra -infinity entries. */
    private static float[] randomMask(Rng rng, int sq, int sk) {
        float[] mask = new float[sq * sk];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextInt(4) == 0 ? Float.NEGATIVE_INFINITY : 0f;
        }
        return mask;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void forwardAndBackwardMatchReference(int threads) {
        Rng rng = new Rng(31);
        try (CpuBackend cpu = new CpuBackend(threads)) {
            for (int trial = 0; trial < 30; trial++) {
                AttentionShape s = new AttentionShape(1 + rng.nextInt(4), 1 + rng.nextInt(20), 1 + rng.nextInt(20),
                        1 + rng.nextInt(20), 1 + rng.nextInt(20));
                check(cpu, s, rng, rng.nextInt(2) == 0 ? null : randomMask(rng, s.seqQ(), s.seqK()));
            }
        }
    }

    @Test
    void largerShapesMatchReference() {
        Rng rng = new Rng(32);
        try (CpuBackend cpu = new CpuBackend(2)) {
            check(cpu, new AttentionShape(3, 70, 45, 33, 40), rng, null);
            check(cpu, new AttentionShape(2, 64, 64, 64, 64), rng, randomMask(rng, 64, 64));
        }
    }

    @Test
    void fullyMaskedRowGivesZeroProbabilitiesInsteadOfNaN() {
        AttentionShape s = new AttentionShape(1, 2, 3, 2, 2);
        float inf = Float.NEGATIVE_INFINITY;
        float[] mask = {inf, inf, inf, 0, inf, 0};
        Rng rng = new Rng(33);
        float[] out = new float[4], probs = new float[6];
        try (CpuBackend cpu = new CpuBackend(1)) {
            cpu.attentionForward(s, Arrays2.random(rng, 4), Arrays2.random(rng, 6), Arrays2.random(rng, 6), mask, 1f,
                    out, probs);
        }
        assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOf(probs, 3));
        assertArrayEquals(new float[] {0, 0}, java.util.Arrays.copyOf(out, 2));
        assertTrue(Math.abs(probs[3] + probs[5] - 1) < 1e-6 && probs[4] == 0, java.util.Arrays.toString(probs));
    }

    @Test
    void resultsAreBitwiseIdenticalForAnyThreadCount() {
        Rng rng = new Rng(34);
        AttentionShape s = new AttentionShape(6, 19, 23, 17, 9);
        float[] q = Arrays2.random(rng, 6 * 19 * 17), k = Arrays2.random(rng, 6 * 23 * 17);
        float[] v = Arrays2.random(rng, 6 * 23 * 9), dOut = Arrays2.random(rng, 6 * 19 * 9);
        float[][] first = null;
        for (int threads : new int[] {1, 2, 4}) {
            float[][] r = {new float[6 * 19 * 9], new float[6 * 19 * 23], new float[q.length], new float[k.length],
                new float[v.length]};
            try (CpuBackend cpu = new CpuBackend(threads)) {
                cpu.attentionForward(s, q, k, v, null, 0.3f, r[0], r[1]);
                cpu.attentionBackward(s, q, k, v, r[1], dOut, 0.3f, r[2], r[3], r[4]);
            }
            if (first == null) {
                first = r;
            } else {
                for (int i = 0; i < r.length; i++) {
                    assertArrayEquals(first[i], r[i], "output " + i + " with " + threads + " threads");
                }
            }
        }
    }

    @Test
    void rejectsWrongLengthsAndAliasingNamingTheArgument() {
        AttentionShape s = new AttentionShape(1, 2, 3, 4, 5);
        try (CpuBackend cpu = new CpuBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cpu.attentionForward(s,
                    new float[8], new float[12], new float[15], new float[5], 1f, new float[10], new float[6]));
            assertTrue(e.getMessage().contains("mask"), e.getMessage());
            float[] q = new float[8];
            e = assertThrows(IllegalArgumentException.class, () -> cpu.attentionBackward(s, q, new float[12],
                    new float[15], new float[6], new float[10], 1f, q, new float[12], new float[15]));
            assertTrue(e.getMessage().contains("dq") && e.getMessage().contains("q"), e.getMessage());
        }
    }

    private static void check(CpuBackend cpu, AttentionShape s, Rng rng, float[] mask) {
        int b = s.batch();
        float[] q = Arrays2.random(rng, b * s.seqQ() * s.dim()), k = Arrays2.random(rng, b * s.seqK() * s.dim());
        float[] v = Arrays2.random(rng, b * s.seqK() * s.dimV()), dOut = Arrays2.random(rng, b * s.seqQ() * s.dimV());
        float scale = (float) (1 / Math.sqrt(s.dim()));
        float[] out = new float[dOut.length], probs = new float[b * s.seqQ() * s.seqK()];
        cpu.attentionForward(s, q, k, v, mask, scale, out, probs);
        double[][] ref = ReferenceKernels.attentionForward(s, q, k, v, mask, scale);
        Arrays2.assertClose("attentionForward out " + s, ref[0], out, 1e-5);
        Arrays2.assertClose("attentionForward probs " + s, ref[1], probs, 1e-5);
        float[] dq = Arrays2.random(rng, q.length), dk = Arrays2.random(rng, k.length), dv = Arrays2.random(rng, v.length);
        cpu.attentionBackward(s, q, k, v, probs, dOut, scale, dq, dk, dv);
        double[][] grads = ReferenceKernels.attentionBackward(s, q, k, v, ref[1], dOut, scale);
        Arrays2.assertClose("attentionBackward dq " + s, grads[0], dq, 1e-4);
        Arrays2.assertClose("attentionBackward dk " + s, grads[1], dk, 1e-4);
        Arrays2.assertClose("attentionBackward dv " + s, grads[2], dv, 1e-4);
    }
}
