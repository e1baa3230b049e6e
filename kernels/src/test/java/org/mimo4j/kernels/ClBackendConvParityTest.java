package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;

/**
 * ClBackend's conv2d forward, backward-data and backward-weight against CpuBackend on random
 * geometries: sizes from 1, odd sizes, stride, padding, dilation and groups, with and without bias.
 * Tolerance: the dot-product bound 2 gamma_(L+2) * (the same convolution on absolute values), with L
 * the longest sum (cinG*kh*kw forward, coutG*kh*kw backward-data, n*outH*outW backward-weight).
 */
class ClBackendConvParityTest {
    private static final CpuBackend CPU = new CpuBackend(1);

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnRandomGeometries(OpenClTests.Variant variant) throws Exception {
        ClBackend cl = OpenClTests.backend(variant);
        Rng rng = new Rng(21);
        int done = 0;
        while (done < 25) {
            Conv2dShape s = randomShape(rng);
            if (s == null) {
                continue;
            }
            checkAll(cl, rng, s);
            done++;
        }
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnTheBenchmarkShape(OpenClTests.Variant variant) throws Exception {
        checkAll(OpenClTests.backend(variant), new Rng(22), Conv2dShape.of(4, 3, 32, 32, 64, 3, 1, 1, 1, 1));
    }

    /**
     * Few output channels and taps over many positions: backward-weight runs as a split-K GEMM whose
     * 1587 inner rows do not divide into its slices, so the zero-padded last slice is exercised.
     */
    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnALeNetFirstLayer(OpenClTests.Variant variant) throws Exception {
        checkAll(OpenClTests.backend(variant), new Rng(23), Conv2dShape.of(3, 1, 23, 23, 6, 5, 1, 2, 1, 1));
    }

    /**
     * A narrowing stride-1 layer (8 -> 4 channels in 2 groups, dilation 2 x 1, unequal padding): its
     * backward-data takes the flipped-weight convolution route, the others mostly col2im.
     */
    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void matchesCpuOnANarrowingLayer(OpenClTests.Variant variant) throws Exception {
        checkAll(OpenClTests.backend(variant), new Rng(24), new Conv2dShape(2, 8, 9, 7, 4, 3, 3, 1, 1, 1, 2, 2, 1, 2));
    }

    /** A random geometry, or null when the kernel does not fit the input (the shape rejects it). */
    private static Conv2dShape randomShape(Rng rng) {
        int groups = 1 + rng.nextInt(2);
        try {
            return new Conv2dShape(1 + rng.nextInt(3), groups * (1 + rng.nextInt(3)), 1 + rng.nextInt(11),
                    1 + rng.nextInt(11), groups * (1 + rng.nextInt(9)), 1 + rng.nextInt(3), 1 + rng.nextInt(3),
                    1 + rng.nextInt(2), 1 + rng.nextInt(2), rng.nextInt(3), rng.nextInt(3), 1 + rng.nextInt(2),
                    1 + rng.nextInt(2), groups);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A stride-1 geometry with 1-3 images, up to {@code maxIn} / {@code maxOut} channels, sides up to
     * {@code maxSide}, kernels up to 5 and pad < k on both axes: drawn again until the kernel fits.
     */
    static Conv2dShape randomStride1(Rng rng, int maxIn, int maxSide, int maxOut) {
        while (true) {
            int kh = 1 + rng.nextInt(5), kw = 1 + rng.nextInt(5);
            try {
                return new Conv2dShape(1 + rng.nextInt(3), 1 + rng.nextInt(maxIn), 1 + rng.nextInt(maxSide),
                        1 + rng.nextInt(maxSide), 1 + rng.nextInt(maxOut), kh, kw, 1, 1, rng.nextInt(kh),
                        rng.nextInt(kw), 1, 1, 1);
            } catch (IllegalArgumentException e) {
                // the kernel is larger than the padded input: draw another
            }
        }
    }

    /** Forward and backward-data of {@code s} give {@code a} and {@code b} the same bits, on random values. */
    static void sameBits(ClBackend a, ClBackend b, Rng rng, Conv2dShape s) {
        float[] x = Parity.random(rng, s.inputSize()), w = Parity.random(rng, s.weightSize());
        float[] dy = Parity.random(rng, s.outputSize()), bias = Parity.random(rng, s.outChannels());
        float[][] viaA = {new float[s.outputSize()], new float[s.inputSize()]};
        float[][] viaB = {new float[s.outputSize()], new float[s.inputSize()]};
        a.conv2dForward(s, x, w, bias, viaA[0]);
        a.conv2dBackwardData(s, dy, w, viaA[1]);
        b.conv2dForward(s, x, w, bias, viaB[0]);
        b.conv2dBackwardData(s, dy, w, viaB[1]);
        assertArrayEquals(viaB[0], viaA[0], "forward " + s);
        assertArrayEquals(viaB[1], viaA[1], "backward-data " + s);
    }

    /** Forward, backward-data and backward-weight of {@code s} on random values against the CPU, at the bound above. */
    static void checkAll(ClBackend cl, Rng rng, Conv2dShape s) {
        float[] x = Parity.random(rng, s.inputSize()), w = Parity.random(rng, s.weightSize());
        float[] dy = Parity.random(rng, s.outputSize());
        float[] bias = rng.nextFloat() < 0.5f ? Parity.random(rng, s.outChannels()) : null;
        int khw = s.kernelH() * s.kernelW(), p = s.outH() * s.outW();

        float[] want = new float[s.outputSize()], got = new float[s.outputSize()], bound = new float[s.outputSize()];
        CPU.conv2dForward(s, x, w, bias, want);
        cl.conv2dForward(s, x, w, bias, got);
        CPU.conv2dForward(s, Parity.abs(x), Parity.abs(w), bias == null ? null : Parity.abs(bias), bound);
        Parity.assertClose("conv2dForward " + s, want, got, bound,
                Parity.dotTolerance(s.inChannels() / s.groups() * khw), 0, want.length);

        want = new float[s.inputSize()];
        got = new float[s.inputSize()];
        bound = new float[s.inputSize()];
        CPU.conv2dBackwardData(s, dy, w, want);
        cl.conv2dBackwardData(s, dy, w, got);
        CPU.conv2dBackwardData(s, Parity.abs(dy), Parity.abs(w), bound);
        Parity.assertClose("conv2dBackwardData " + s, want, got, bound,
                Parity.dotTolerance(s.outChannels() / s.groups() * khw), 0, want.length);

        want = new float[s.weightSize()];
        got = new float[s.weightSize()];
        bound = new float[s.weightSize()];
        CPU.conv2dBackwardWeight(s, x, dy, want);
        cl.conv2dBackwardWeight(s, x, dy, got);
        CPU.conv2dBackwardWeight(s, Parity.abs(x), Parity.abs(dy), bound);
        Parity.assertClose("conv2dBackwardWeight " + s, want, got, bound, Parity.dotTolerance(s.n() * p), 0,
                want.length);
    }
}
