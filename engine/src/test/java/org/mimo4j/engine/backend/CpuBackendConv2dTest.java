package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mimo4j.engine.tensor.Rng;

/** The three conv2d kernels of {@link CpuBackend} against the double-precision reference. */
class CpuBackendConv2dTest {

    /** A random geometry: batch, groups, stride, padding, dilation and non-square kernels all vary. */
    private static Conv2dShape randomShape(Rng rng) {
        int groups = 1 + rng.nextInt(3);
        int cin = groups * (1 + rng.nextInt(3)), cout = groups * (1 + rng.nextInt(4));
        int kh = 1 + rng.nextInt(3), kw = 1 + rng.nextInt(3);
        int dh = 1 + rng.nextInt(2), dw = 1 + rng.nextInt(2);
        int ph = rng.nextInt(3), pw = rng.nextInt(3);
        int h = Math.max(1, dh * (kh - 1) + 1 - 2 * ph) + rng.nextInt(9);
        int w = Math.max(1, dw * (kw - 1) + 1 - 2 * pw) + rng.nextInt(9);
        return new Conv2dShape(1 + rng.nextInt(3), cin, h, w, cout, kh, kw,
                1 + rng.nextInt(2), 1 + rng.nextInt(2), ph, pw, dh, dw, groups);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void forwardMatchesReference(int threads) {
        Rng rng = new Rng(21);
        try (CpuBackend cpu = new CpuBackend(threads)) {
            for (int trial = 0; trial < 40; trial++) {
                Conv2dShape s = randomShape(rng);
                float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
                float[] bias = rng.nextInt(2) == 0 ? null : Arrays2.random(rng, s.outChannels());
                float[] y = new float[s.outputSize()];
                cpu.conv2dForward(s, x, w, bias, y);
                Arrays2.assertClose("conv2dForward " + s, ReferenceKernels.conv2dForward(s, x, w, bias), y, 1e-5 * 40);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void backwardDataAndWeightMatchReference(int threads) {
        Rng rng = new Rng(22);
        try (CpuBackend cpu = new CpuBackend(threads)) {
            for (int trial = 0; trial < 40; trial++) {
                Conv2dShape s = randomShape(rng);
                float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
                float[] dy = Arrays2.random(rng, s.outputSize());
                float[] dx = Arrays2.random(rng, s.inputSize()), dw = Arrays2.random(rng, s.weightSize());
                cpu.conv2dBackwardData(s, dy, w, dx);
                cpu.conv2dBackwardWeight(s, x, dy, dw);
                Arrays2.assertClose("conv2dBackwardData " + s, ReferenceKernels.conv2dBackward(s, x, w, dy, true), dx, 1e-4);
                Arrays2.assertClose("conv2dBackwardWeight " + s, ReferenceKernels.conv2dBackward(s, x, w, dy, false), dw, 1e-4);
            }
        }
    }

    @Test
    void encoderSizedConvolutionMatchesReference() {
        Rng rng = new Rng(23);
        Conv2dShape s = Conv2dShape.of(2, 8, 17, 15, 16, 3, 1, 1, 1, 1);
        float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
        float[] dy = Arrays2.random(rng, s.outputSize());
        float[] y = new float[s.outputSize()], dx = new float[s.inputSize()], dw = new float[s.weightSize()];
        try (CpuBackend cpu = new CpuBackend(2)) {
            cpu.conv2dForward(s, x, w, null, y);
            cpu.conv2dBackwardData(s, dy, w, dx);
            cpu.conv2dBackwardWeight(s, x, dy, dw);
        }
        Arrays2.assertClose("forward", ReferenceKernels.conv2dForward(s, x, w, null), y, 1e-4);
        Arrays2.assertClose("backwardData", ReferenceKernels.conv2dBackward(s, x, w, dy, true), dx, 1e-4);
        Arrays2.assertClose("backwardWeight", ReferenceKernels.conv2dBackward(s, x, w, dy, false), dw, 1e-3);
    }

    /**
     * The two paths of forward and backward-data: one image per GEMM (576 and 567 output pixels, at
     * least {@link Conv2dCpu#GEMM_COLUMNS}) and several small images per GEMM, with counts that do not
     * divide the batch (37 images of 16 pixels: 2 GEMMs of 18 and 19), a batch of 1, groups, stride and
     * padding; each against the reference and bitwise the same for 1, 2 and 3 threads.
     */
    @Test
    void forwardAndBackwardDataOverOneOrSeveralImagesPerGemmMatchReference() {
        Rng rng = new Rng(25);
        Conv2dShape[] shapes = {
            Conv2dShape.of(3, 2, 24, 24, 5, 3, 1, 1, 1, 1),
            new Conv2dShape(2, 4, 23, 27, 6, 3, 3, 1, 1, 0, 1, 1, 1, 2),
            Conv2dShape.of(37, 3, 4, 4, 7, 3, 1, 1, 1, 1),
            Conv2dShape.of(7, 6, 9, 11, 16, 5, 2, 2, 1, 1),
            Conv2dShape.of(1, 6, 14, 14, 16, 5, 1, 0, 1, 1),
            Conv2dShape.of(5, 4, 6, 6, 4, 1, 1, 0, 1, 4),
        };
        for (Conv2dShape s : shapes) {
            float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
            float[] bias = s.n() % 2 == 0 ? null : Arrays2.random(rng, s.outChannels());
            float[] dy = Arrays2.random(rng, s.outputSize());
            double[] expectedY = ReferenceKernels.conv2dForward(s, x, w, bias);
            double[] expectedDx = ReferenceKernels.conv2dBackward(s, x, w, dy, true);
            String what = s + ", images per GEMM " + Conv2dCpu.imagesPerGemm(s.outH() * s.outW());
            float[][] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                float[] y = Arrays2.random(rng, s.outputSize()), dx = Arrays2.random(rng, s.inputSize());
                try (CpuBackend cpu = new CpuBackend(threads)) {
                    cpu.conv2dForward(s, x, w, bias, y);
                    cpu.conv2dBackwardData(s, dy, w, dx);
                }
                Arrays2.assertClose("conv2dForward " + what, expectedY, y, 1e-4);
                Arrays2.assertClose("conv2dBackwardData " + what, expectedDx, dx, 1e-4);
                if (first == null) {
                    first = new float[][] {y, dx};
                } else {
                    assertArrayEquals(first[0], y, "forward " + s + ", " + threads + " threads");
                    assertArrayEquals(first[1], dx, "backwardData " + s + ", " + threads + " threads");
                }
            }
        }
    }

    @Test
    void resultsAreBitwiseIdenticalForAnyThreadCount() {
        Rng rng = new Rng(24);
        Conv2dShape s = Conv2dShape.of(5, 6, 12, 12, 8, 3, 1, 1, 1, 2);
        float[] x = Arrays2.random(rng, s.inputSize()), w = Arrays2.random(rng, s.weightSize());
        float[] dy = Arrays2.random(rng, s.outputSize());
        float[][] first = null;
        for (int threads : new int[] {1, 2, 4}) {
            float[] y = new float[s.outputSize()], dx = new float[s.inputSize()], dw = new float[s.weightSize()];
            try (CpuBackend cpu = new CpuBackend(threads)) {
                cpu.conv2dForward(s, x, w, null, y);
                cpu.conv2dBackwardData(s, dy, w, dx);
                cpu.conv2dBackwardWeight(s, x, dy, dw);
            }
            if (first == null) {
                first = new float[][] {y, dx, dw};
            } else {
                assertArrayEquals(first[0], y, "forward, " + threads + " threads");
                assertArrayEquals(first[1], dx, "backwardData, " + threads + " threads");
                assertArrayEquals(first[2], dw, "backwardWeight, " + threads + " threads");
            }
        }
    }

    @Test
    void rejectsWrongLengthsNamingTheArgument() {
        Conv2dShape s = Conv2dShape.of(1, 2, 5, 5, 3, 3, 1, 0, 1, 1);
        try (CpuBackend cpu = new CpuBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cpu.conv2dForward(s,
                    new float[s.inputSize()], new float[s.weightSize() + 1], null, new float[s.outputSize()]));
            assertTrue(e.getMessage().contains("w") && e.getMessage().contains("" + s.weightSize()), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> cpu.conv2dForward(s,
                    new float[s.inputSize()], new float[s.weightSize()], new float[2], new float[s.outputSize()]));
            assertTrue(e.getMessage().contains("bias"), e.getMessage());
        }
    }

    @Test
    void rejectsOutputAliasingAnInput() {
        Conv2dShape s = Conv2dShape.of(1, 1, 3, 3, 1, 1, 1, 0, 1, 1);
        float[] shared = new float[9];
        try (CpuBackend cpu = new CpuBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.conv2dForward(s, shared, new float[1], null, shared));
            assertTrue(e.getMessage().contains("y") && e.getMessage().contains("x"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> cpu.conv2dBackwardData(s, shared, new float[1], shared));
        }
    }
}
