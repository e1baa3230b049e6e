package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.tensor.Rng;

/**
 * Same inputs, same backend, same device: bitwise the same outputs. Every kernel gives each output
 * element to exactly one work-item with a fixed summation order (col2im gathers instead of using
 * atomics), so nothing may depend on scheduling; a race would show up here.
 */
class ClBackendDeterminismTest {

    @Test
    void repeatedCallsAreBitwiseIdentical() throws Exception {
        ClBackend cl = OpenClTests.backend();
        Rng rng = new Rng(51);
        Conv2dShape s = Conv2dShape.of(3, 4, 13, 11, 6, 3, 2, 1, 1, 2);
        float[] x = Parity.random(rng, s.inputSize()), w = Parity.random(rng, s.weightSize());
        float[] dy = Parity.random(rng, s.outputSize()), bias = Parity.random(rng, s.outChannels());
        AttentionShape as = new AttentionShape(3, 19, 23, 16, 8);
        float[] q = Parity.random(rng, 3 * 19 * 16), k = Parity.random(rng, 3 * 23 * 16);
        float[] v = Parity.random(rng, 3 * 23 * 8), dOut = Parity.random(rng, 3 * 19 * 8);
        float[] a = Parity.random(rng, 70 * 90), b = Parity.random(rng, 90 * 50);
        float[][] first = outputs(cl, s, x, w, dy, bias, as, q, k, v, dOut, a, b);
        float[][] second = outputs(cl, s, x, w, dy, bias, as, q, k, v, dOut, a, b);
        String[] names = {"sgemm", "conv2dForward", "conv2dBackwardData", "conv2dBackwardWeight", "attention out",
            "attention probs", "dq", "dk", "dv"};
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], names[i] + " differs between two identical calls");
        }
    }

    private static float[][] outputs(ClBackend cl, Conv2dShape s, float[] x, float[] w, float[] dy, float[] bias,
                                     AttentionShape as, float[] q, float[] k, float[] v, float[] dOut, float[] a,
                                     float[] b) {
        float[] c = new float[70 * 50];
        cl.sgemm(false, false, 70, 50, 90, 1f, a, 0, 90, 0, b, 0, 50, 0, 0f, c, 0, 50, 0, 1);
        float[] y = new float[s.outputSize()], dx = new float[s.inputSize()], dw = new float[s.weightSize()];
        cl.conv2dForward(s, x, w, bias, y);
        cl.conv2dBackwardData(s, dy, w, dx);
        cl.conv2dBackwardWeight(s, x, dy, dw);
        float[] out = new float[dOut.length], probs = new float[3 * 19 * 23];
        float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
        cl.attentionForward(as, q, k, v, null, 0.25f, out, probs);
        cl.attentionBackward(as, q, k, v, probs, dOut, 0.25f, dq, dk, dv);
        return new float[][] {c, y, dx, dw, out, probs, dq, dk, dv};
    }
}
