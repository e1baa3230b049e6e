package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The attention op on device-resident q, k and v: they come out of three Linear projections of a host
 * input on the OpenCL backend (so they live only on the device), go through masked attention, and the
 * backward runs from a host output gradient. Up go exactly the host tensors (x, the three weights, the
 * mask, the output gradient); nothing comes down until the weight gradients are read, and those match
 * the CPU backend's (tolerance 1e-4 * (1 + max |gradient|): three chained float GEMMs and a softmax
 * over lengths of 9-12).
 */
class ClResidentAttentionTest {
    private static final int BATCH = 2;
    private static final int SEQ = 9;
    private static final int EMBED = 12;
    private static final int DIM = 6;
    private static final int DIM_V = 5;

    @Test
    void attentionOnResidentProjectionsMovesOnlyTheHostTensorsUp() throws Exception {
        ClBackend cl = OpenClTests.backend();
        Backend before = Backends.current();
        float[][] cpu;
        float[][] ocl;
        ClTransfers moved;
        try {
            Backends.use(new CpuBackend(1));
            cpu = gradients(null);
            Backends.use(cl);
            ClTransfers t0 = cl.transfers();
            ocl = gradients(cl);
            moved = cl.transfers().since(t0);
        } finally {
            Backends.use(before);
        }
        long upBytes = 4L * (BATCH * SEQ * EMBED + (2 * DIM + DIM_V) * EMBED + SEQ * SEQ + BATCH * SEQ * DIM_V);
        assertEquals(new ClTransfers(6, upBytes, 3, 4L * (2 * DIM + DIM_V) * EMBED), moved,
                "x, three weights, the mask and the output gradient go up; only the three weight gradients come down");
        for (int i = 0; i < 3; i++) {
            double max = 0;
            for (float g : cpu[i]) {
                max = Math.max(max, Math.abs(g));
            }
            for (int j = 0; j < cpu[i].length; j++) {
                assertEquals(cpu[i][j], ocl[i][j], 1e-4 * (1 + max), "gradient of weight " + i + " index " + j);
            }
        }
    }

    /**
     * The three weight gradients of attention(x wq^T, x wk^T, x wv^T) under a causal mask for a fixed
     * output gradient; with {@code counted}, also checks that nothing came down before they were read.
     */
    private static float[][] gradients(ClBackend counted) {
        ClTransfers t0 = counted == null ? null : counted.transfers();
        Rng rng = new Rng(17);
        Tensor x = Tensor.randn(rng, BATCH, SEQ, EMBED);
        Tensor[] w = {Tensor.randn(rng, DIM, EMBED).requiresGrad(true),
            Tensor.randn(rng, DIM, EMBED).requiresGrad(true), Tensor.randn(rng, DIM_V, EMBED).requiresGrad(true)};
        float[] m = new float[SEQ * SEQ];
        for (int i = 0; i < SEQ; i++) {
            for (int j = i + 1; j < SEQ; j++) {
                m[i * SEQ + j] = Float.NEGATIVE_INFINITY;
            }
        }
        Tensor gOut = Tensor.randn(rng, BATCH, SEQ, DIM_V);
        Tensor out = F.attention(F.linear(x, w[0], null), F.linear(x, w[1], null), F.linear(x, w[2], null),
                Tensor.of(m, SEQ, SEQ));
        out.backward(gOut);
        if (counted != null) {
            assertEquals(0, counted.transfers().since(t0).downloads(), "nothing came down during forward and backward");
            assertFalse(out.storage().hostCurrent(), "the attention output was written on the device");
            assertTrue(w[0].grad().storage().mirrorCurrent(), "the weight gradients were written on the device");
        }
        return new float[][] {w[0].grad().data(), w[1].grad().data(), w[2].grad().data()};
    }
}
