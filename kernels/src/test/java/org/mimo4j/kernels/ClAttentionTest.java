package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * ClAttention's two forms of the row kernels ({@value ClAttention#SOFTMAX_BLOCKS_PROPERTY}: a work-item per row,
 * or per block of TM rows): on the device's own tile (TM = 8 on AVX-512, the 8 x 8 tiles) and an odd one (TM = 5,
 * the element-by-element path), on random shapes whose query rows leave a partial last block and whose keys leave
 * a tail past the last 8, without a mask, causal, and with a row masked out entirely: both forms give the same
 * bits, forward and backward, and the backward with dq or dk left out (only one of the softmax backward's two
 * outputs written); the block form also against the CPU backend. The property takes auto, true or false.
 */
class ClAttentionTest {
    private static final double TOL = 5e-5;
    private final CpuBackend cpu = new CpuBackend(1);

    @ParameterizedTest
    @EnumSource(value = OpenClTests.Variant.class, names = {"DEVICE", "ODD_TILE"})
    void bothFormsGiveTheSameBitsAndMatchTheCpu(OpenClTests.Variant variant) throws Exception {
        try (ClBackend rows = OpenClTests.backendWith(variant, ClAttention.SOFTMAX_BLOCKS_PROPERTY, "false");
             ClBackend blocks = OpenClTests.backendWith(variant, ClAttention.SOFTMAX_BLOCKS_PROPERTY, "true")) {
            Rng rng = new Rng(33);
            int[] sizes = {1, 5, 8, 13, 16, 29, 64};
            for (int trial = 0; trial < 12; trial++) {
                AttentionShape s = new AttentionShape(1 + rng.nextInt(3), sizes[rng.nextInt(sizes.length)],
                        sizes[rng.nextInt(sizes.length)], sizes[rng.nextInt(sizes.length)], 1 + rng.nextInt(20));
                float[] mask = trial % 3 == 0 ? null : ClBackendAttentionParityTest.mask(s, trial % 3 == 2);
                for (int skip = 0; skip <= 2; skip++) {
                    float[][] fromRows = run(rows.deviceKernels(), new Rng(100 + trial), s, mask, skip);
                    float[][] fromBlocks = run(blocks.deviceKernels(), new Rng(100 + trial), s, mask, skip);
                    for (int i = 0; i < fromRows.length; i++) {
                        assertArrayEquals(fromRows[i], fromBlocks[i], variant + " " + s + " skip " + skip + " output " + i);
                    }
                }
                new ClBackendAttentionParityTest().check(blocks, rng, s, mask);
            }
        }
    }

    @Test
    void thePropertyPicksTheFormAndNamesItsValues() {
        assertTrue(ClAttention.rowBlocks(ClRuntime.DeviceKind.CPU), "auto: blocks on a CPU device");
        assertFalse(ClAttention.rowBlocks(ClRuntime.DeviceKind.GPU), "auto: rows on a GPU");
        try {
            System.setProperty(ClAttention.SOFTMAX_BLOCKS_PROPERTY, "true");
            assertTrue(ClAttention.rowBlocks(ClRuntime.DeviceKind.GPU));
            System.setProperty(ClAttention.SOFTMAX_BLOCKS_PROPERTY, "false");
            assertFalse(ClAttention.rowBlocks(ClRuntime.DeviceKind.CPU));
            System.setProperty(ClAttention.SOFTMAX_BLOCKS_PROPERTY, "yes");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClAttention.rowBlocks(ClRuntime.DeviceKind.CPU));
            assertEquals(ClAttention.SOFTMAX_BLOCKS_PROPERTY + " must be auto, true or false, got 'yes'", e.getMessage());
        } finally {
            System.clearProperty(ClAttention.SOFTMAX_BLOCKS_PROPERTY);
        }
    }

    /**
     * out, probs and the gradients the backward computes ({@code skip} 1 or 2 leaves out dq or dk) on resident
     * storages, operands drawn from {@code rng}.
     */
    private static float[][] run(DeviceKernels dk, Rng rng, AttentionShape s, float[] mask, int skip) {
        int b = s.batch(), nq = b * s.seqQ() * s.dim(), nk = b * s.seqK() * s.dim(), nv = b * s.seqK() * s.dimV();
        int no = b * s.seqQ() * s.dimV(), np = b * s.seqQ() * s.seqK();
        Storage q = Storage.wrap(Parity.random(rng, nq)), k = Storage.wrap(Parity.random(rng, nk));
        Storage v = Storage.wrap(Parity.random(rng, nv)), dOut = Storage.wrap(Parity.random(rng, no));
        float scale = (float) (1 / Math.sqrt(s.dim()));
        Storage out = dk.allocate(no), probs = dk.allocate(np);
        dk.attentionForward(s, q, k, v, mask == null ? null : Storage.wrap(mask), scale, out, probs);
        Storage dq = skip == 1 ? null : dk.allocate(nq), dkk = skip == 2 ? null : dk.allocate(nk);
        Storage dv = dk.allocate(nv);
        dk.attentionBackward(s, q, k, v, probs, dOut, scale, dq, dkk, dv);
        return new float[][] {out.read(), probs.read(), dq == null ? new float[0] : dq.read(),
            dkk == null ? new float[0] : dkk.read(), dv.read()};
    }
}
