package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.DeviceKernels.Arith;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The strided-view kernels of elementwise.cl against the host's index arithmetic (tensor.Strided:
 * materialise for gather and the operands of broadcastBinary, scatter for scatter, sumTo for the
 * backward of a broadcast),
 * on random views of 1 to 6 axes: sizes 1, odd, and large non-multiples of the work-group size,
 * permuted axes, stride-0 expansions, offsets of slices, and a negative stride; random non-zero
 * values. Tolerance: gather and scatter copy values, so they are exact (scatter also keeps every
 * element outside its region); broadcastBinary is one operation per
 * element like the host loops (exact for add, sub, mul; division within 3 ulp, OpenCL's default
 * division being within 2.5 ulp); sumTo adds the same terms in the same order as Strided.sumTo with
 * additions only (nothing for -cl-mad-enable to contract), so it is exact too.
 */
class ClDeviceStridedParityTest {
    private static final int[] SIZES = {1, 2, 3, 5, 7, 1, 4, 67};

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void gatherMaterialisesPermutedSlicedAndExpandedViews(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(31);
        for (int trial = 0; trial < 40; trial++) {
            Tensor view = randomView(rng, 1 + rng.nextInt(DeviceKernels.MAX_RANK));
            float[] base = view.storage().read();
            float[] want = Strided.materialise(base, view.shape(), view.strides(), view.offset());
            Storage y = dk.allocate(want.length);
            dk.gather(view.shape(), Storage.wrap(base.clone()), view.offset(), view.strides(), y);
            assertArrayEquals(want, y.read(), "gather " + describe(view));
        }
        Storage y = dk.allocate(12);
        float[] rows = Parity.random(rng, 12);
        dk.gather(new int[] {3, 4}, Storage.wrap(rows.clone()), 8, new int[] {-4, 1}, y);
        assertArrayEquals(Strided.materialise(rows, new int[] {3, 4}, new int[] {-4, 1}, 8), y.read(),
                "gather with a negative stride (rows reversed)");
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void scatterWritesIntoPermutedAndSlicedRegionsAndKeepsTheRest(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(43);
        for (int trial = 0; trial < 40; trial++) {
            Tensor region = randomRegion(rng, 1 + rng.nextInt(DeviceKernels.MAX_RANK));
            float[] before = region.storage().read();
            float[] x = Parity.random(rng, region.numel());
            float[] want = before.clone();
            Strided.scatter(x, region.shape(), want, region.strides(), region.offset());
            Storage y = Storage.wrap(before.clone());
            dk.scatter(region.shape(), Storage.wrap(x), y, region.offset(), region.strides());
            assertArrayEquals(want, y.read(), "scatter into " + describe(region));
        }
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void broadcastBinaryMatchesTheHostLoopsOnBroadcastOperandsForEveryArith(OpenClTests.Variant variant)
            throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(37);
        for (int trial = 0; trial < 24; trial++) {
            int[] shape = randomShape(rng, 1 + rng.nextInt(DeviceKernels.MAX_RANK));
            int[] aShape = broadcastFrom(rng, shape);
            int[] bShape = broadcastFrom(rng, shape);
            Tensor a = Tensor.of(Parity.random(rng, Shapes.numel(aShape)), aShape);
            if (aShape.length >= 2 && rng.nextInt(2) == 0) { // a transposed view of a's values, same shape
                int[] t = aShape.clone();
                t[0] = aShape[1];
                t[1] = aShape[0];
                a = Tensor.of(Parity.random(rng, Shapes.numel(t)), t).transpose(0, 1);
            }
            Tensor b = Tensor.of(Parity.random(rng, Shapes.numel(bShape)), bShape);
            int[] aStrides = Strided.broadcastStrides(a.shape(), a.strides(), shape);
            int[] bStrides = Strided.broadcastStrides(bShape, b.strides(), shape);
            float[] av = Strided.materialise(a.storage().read(), shape, aStrides, a.offset());
            float[] bv = Strided.materialise(b.storage().read(), shape, bStrides, b.offset());
            for (Arith op : Arith.values()) {
                float[] want = new float[av.length];
                for (int i = 0; i < want.length; i++) {
                    want[i] = Parity.arith(op, av[i], bv[i]);
                }
                Storage y = dk.allocate(want.length);
                dk.broadcastBinary(op, shape, Storage.wrap(a.storage().read().clone()), a.offset(), aStrides,
                        Storage.wrap(b.storage().read().clone()), b.offset(), bStrides, y);
                Parity.assertArith(op + " " + Shapes.str(a.shape()) + " " + Shapes.str(bShape) + " -> "
                        + Shapes.str(shape), want, y.read());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void sumToAddsTheBroadcastTermsInTheHostsOrder(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(41);
        for (int trial = 0; trial < 40; trial++) {
            int[] gShape = randomShape(rng, 1 + rng.nextInt(DeviceKernels.MAX_RANK));
            int[] target = broadcastFrom(rng, gShape);
            float[] g = Parity.random(rng, Shapes.numel(gShape));
            float[] want = Strided.sumTo(g, gShape, target).clone();
            Storage y = dk.allocate(want.length);
            dk.sumTo(gShape, Storage.wrap(g.clone()), target, y);
            assertArrayEquals(want, y.read(), "sumTo " + Shapes.str(gShape) + " -> " + Shapes.str(target));
        }
        Storage y = dk.allocate(3);
        float[] g = Parity.random(rng, 4099 * 3);
        dk.sumTo(new int[] {4099, 3}, Storage.wrap(g.clone()), new int[] {3}, y);
        assertArrayEquals(Strided.sumTo(g, new int[] {4099, 3}, new int[] {3}), y.read(), "sumTo of a long bias gradient");
        for (int[][] empty : new int[][][] {{{0, 3}, {3}}, {{2, 0}, {2, 1}}, {{0, 5000}, {5000}}}) {
            Storage zeros = Storage.wrap(Parity.random(rng, Shapes.numel(empty[1])));
            dk.sumTo(empty[0], Storage.wrap(new float[0]), empty[1], zeros);
            assertArrayEquals(new float[Shapes.numel(empty[1])], zeros.read(),
                    "no terms: zeros, " + Shapes.str(empty[0]) + " -> " + Shapes.str(empty[1]));
        }
    }

    /**
     * Few outputs over many terms, which the host and the device both take in parts (Strided.sumParts): whole
     * tensors, a kept axis inside, outside and between the reduced ones (runs of terms of every length, down to
     * two, fewer than the parts), term counts that the parts do not divide; on a CPU device the first four take
     * 16 parts to a work-item (sum_to_lanes), the others one; still the host's bits.
     */
    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void sumToInPartsKeepsTheHostsBits(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(47);
        int[][][] cases = {
            {{70001}, {}}, {{301, 257}, {1, 1}}, {{4, 40000}, {4, 1}}, {{2, 3, 40011}, {2, 3, 1}}, {{3, 9001}, {3, 1}}, {{9001, 3}, {3}}, {{5, 4099, 2}, {5, 1, 1}},
            {{7, 3, 2053}, {1, 3, 1}}, {{2, 3, 3, 1373}, {2, 1, 3, 1}}, {{2053, 3, 2}, {1, 3, 1}},
            {{4099, 3, 2}, {1, 3, 1}}, {{2731, 5, 3}, {1, 5, 1}}, {{1, 8195, 1}, {1, 1, 1}}, {{255, 4096}, {255, 1}},
        };
        for (int[][] c : cases) {
            int[] gShape = c[0], target = c[1];
            assertTrue(Strided.sumParts(Math.max(1, Shapes.numel(target)), Shapes.numel(gShape) / Math.max(1, Shapes.numel(target))) > 1,
                    "a case the parts apply to: " + Shapes.str(gShape) + " -> " + Shapes.str(target));
            float[] g = Parity.random(rng, Shapes.numel(gShape));
            float[] want = Strided.sumTo(g, gShape, target).clone();
            Storage y = dk.allocate(want.length);
            dk.sumTo(gShape, Storage.wrap(g.clone()), target, y);
            assertArrayEquals(want, y.read(), "sumTo in parts " + Shapes.str(gShape) + " -> " + Shapes.str(target));
        }
    }

    @Test
    void aViewReachingOutsideItsStorageOrABadTargetIsRefused() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        Storage x = Storage.wrap(Parity.random(new Rng(1), 6));
        assertThrows(IllegalArgumentException.class, () -> dk.gather(new int[] {2, 3}, x, 1, new int[] {3, 1}, dk.allocate(6)));
        assertThrows(IllegalArgumentException.class, () -> dk.sumTo(new int[] {2, 3}, x, new int[] {2}, dk.allocate(2)));
        assertThrows(IllegalArgumentException.class, () -> dk.scatter(new int[] {2, 3}, dk.allocate(6), x, 0, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> dk.gather(new int[] {1, 1, 1, 1, 1, 1, 6}, x, 0, new int[] {0, 0, 0, 0, 0, 0, 1}, dk.allocate(6)));
    }

    /** A random view of {@code rank} axes over a fresh storage: permuted, maybe sliced, maybe expanded. */
    private static Tensor randomView(Rng rng, int rank) {
        Tensor t = randomRegion(rng, rank);
        int[] grown = t.shape();
        for (int d = 0; d < rank; d++) {
            if (grown[d] == 1) {
                grown[d] = 1 + rng.nextInt(5);
            }
        }
        return t.expand(grown);
    }

    /** A random view of distinct elements: a slice along axis 0 (an offset) of a fresh storage, permuted. */
    private static Tensor randomRegion(Rng rng, int rank) {
        int[] baseShape = randomShape(rng, rank);
        if (baseShape[0] == 1) {
            baseShape[0] = 3; // room for a slice
        }
        Tensor t = Tensor.of(Parity.random(rng, Shapes.numel(baseShape)), baseShape);
        t = t.slice(0, 1, baseShape[0]);
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        for (int i = rank - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return t.permute(perm);
    }

    private static int[] randomShape(Rng rng, int rank) {
        int[] s = new int[rank];
        for (int d = 0; d < rank; d++) {
            s[d] = SIZES[rng.nextInt(rank > 3 ? 5 : SIZES.length)];
        }
        return s;
    }

    /** A shape that broadcasts to {@code full}: some axes 1, maybe some leading axes dropped. */
    private static int[] broadcastFrom(Rng rng, int[] full) {
        int drop = rng.nextInt(full.length);
        int[] s = new int[full.length - drop];
        for (int d = 0; d < s.length; d++) {
            s[d] = rng.nextInt(3) == 0 ? 1 : full[drop + d];
        }
        return s;
    }

    private static String describe(Tensor v) {
        return "shape " + Shapes.str(v.shape()) + " strides " + Shapes.str(v.strides()) + " offset " + v.offset();
    }
}
