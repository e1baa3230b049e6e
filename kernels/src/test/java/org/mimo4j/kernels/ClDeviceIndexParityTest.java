package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.ops.shape.Gather;
import org.mimo4j.engine.ops.shape.IndexSelect;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * DeviceKernels.indexSelect, indexSelectBackward, gatherAxis and gatherAxisBackward (index.cl) against
 * the host loops of ops.shape.IndexSelect and Gather, on random [outer, axisSize, inner] layouts with
 * sizes 1, odd, and more elements than a work-group, indices drawn from part of the axis so that some
 * slices are read several times and others never. Picking copies values and the backward adds each
 * element's terms in the host loop's order (through IndexSelect.inverseMap), so forward and backward
 * must agree bitwise; a -0.0 planted in the output gradient checks that Gather's backward writes +0.0
 * as the host's zeroed "+=" does. Indices out of range are refused with the position on the host
 * paths and the device kernels alike.
 */
class ClDeviceIndexParityTest {

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Rng rng = new Rng(303);
        int[][] fixed = {{1, 1, 1, 1}, {1, 7, 1, 3}, {3, 5, 2, 9}, {2, 50, 8, 24}, {1, 300, 3, 301}, {7, 1, 13, 4},
            {5, 3, 1, 0}};
        for (int[] f : fixed) {
            out.add(Arguments.of(f[0], f[1], f[2], f[3], rng.nextLong()));
        }
        for (int c = 0; c < 12; c++) {
            out.add(Arguments.of(1 + rng.nextInt(6), 1 + rng.nextInt(40), 1 + rng.nextInt(9), 1 + rng.nextInt(70),
                    rng.nextLong()));
        }
        return out;
    }

    /** n indices drawn from the first half (at least 1) of the axis: repeats are common and some slices stay unread. */
    private static int[] indices(Rng rng, int axisSize, int n) {
        int used = Math.max(1, (axisSize + 1) / 2);
        int[] idx = new int[n];
        for (int j = 0; j < n; j++) {
            idx[j] = rng.nextInt(used);
        }
        return idx;
    }

    @ParameterizedTest(name = "outer {0} axis {1} inner {2} n {3}")
    @MethodSource("cases")
    void indexSelectForwardAndBackwardAreTheHostsBitForBit(int outer, int axisSize, int inner, int n, long seed)
            throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        Rng rng = new Rng(seed);
        int[] idx = indices(rng, axisSize, n);
        float[] x = Parity.random(rng, outer * axisSize * inner), gy = Parity.random(rng, outer * n * inner);
        float[] y = new float[gy.length], gx = new float[x.length];
        IndexSelect.hostForward(outer, axisSize, inner, x, idx, y);
        IndexSelect.hostBackward(outer, axisSize, inner, idx, gy, gx);
        Storage sy = dk.allocate(y.length), sgx = Storage.wrap(Parity.random(rng, gx.length));
        dk.indexSelect(outer, axisSize, inner, Storage.wrap(x), IndexSelect.indexValues(idx), sy);
        dk.indexSelectBackward(outer, axisSize, inner, Storage.wrap(IndexSelect.inverseMap(idx, axisSize)),
                Storage.wrap(gy), sgx);
        assertArrayEquals(y, sy.read(), "forward");
        assertArrayEquals(gx, sgx.read(), "backward (every element written, unread slices 0)");
    }

    @ParameterizedTest(name = "outer {0} axis {1} inner {2}")
    @MethodSource("cases")
    void gatherForwardAndBackwardAreTheHostsBitForBit(int outer, int axisSize, int inner, int unused, long seed)
            throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        Rng rng = new Rng(seed);
        int[] idx = indices(rng, axisSize, outer * inner);
        float[] x = Parity.random(rng, outer * axisSize * inner), gy = Parity.random(rng, idx.length);
        gy[rng.nextInt(gy.length)] = -0.0f;
        float[] y = new float[gy.length], gx = new float[x.length];
        Gather.hostForward(axisSize, inner, x, idx, y);
        Gather.hostBackward(axisSize, inner, idx, gy, gx);
        Storage values = IndexSelect.indexValues(idx);
        Storage sy = dk.allocate(y.length), sgx = Storage.wrap(Parity.random(rng, gx.length));
        dk.gatherAxis(axisSize, inner, Storage.wrap(x), values, sy);
        dk.gatherAxisBackward(axisSize, inner, values, Storage.wrap(gy), sgx);
        assertArrayEquals(y, sy.read(), "forward");
        assertArrayEquals(gx, sgx.read(), "backward (every element written, unpicked ones +0)");
    }

    @Test
    void theKernelsRefuseAnIndexOutOfRangeNamingItsPosition() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        Storage x = Storage.wrap(new float[2 * 4 * 3]);
        for (float bad : new float[] {4f, -1f, 1.5f}) {
            Storage index = Storage.wrap(new float[] {0f, 3f, bad});
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> dk.indexSelect(2, 4, 3, x, index, dk.allocate(2 * 3 * 3)));
            assertTrue(e.getMessage().startsWith("indexSelect: index " + bad + " at position 2 is outside [0, 4)"),
                    e.getMessage());
            Storage picks = Storage.wrap(new float[] {0f, 1f, 2f, 3f, 0f, bad});
            e = assertThrows(IndexOutOfBoundsException.class, () -> dk.gatherAxis(4, 3, x, picks, dk.allocate(6)));
            assertTrue(e.getMessage().startsWith("gatherAxis: index " + bad + " at position 5"), e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class,
                    () -> dk.gatherAxisBackward(4, 3, picks, Storage.wrap(new float[6]), dk.allocate(24)));
            assertTrue(e.getMessage().startsWith("gatherAxisBackward: index " + bad), e.getMessage());
        }
    }

    @Test
    void theBackwardRefusesAnInverseMapThatIsNotOne() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        float[] map = IndexSelect.inverseMap(new int[] {1, 0, 1}, 2);
        map[map.length - 1] = map[map.length - 2]; // one position twice, another never
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dk.indexSelectBackward(1, 2, 1, Storage.wrap(map), Storage.wrap(new float[3]), dk.allocate(2)));
        assertTrue(e.getMessage().startsWith("indexSelectBackward: the inverse map's position"), e.getMessage());
    }

    @Test
    void anIndexOnlyTheDeviceHoldsGivesNaNInsteadOfReadingOutsideX() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        Storage index = dk.allocate(2);
        dk.fill(index, 9f);
        Storage y = dk.allocate(2 * 3);
        dk.indexSelect(1, 4, 3, Storage.wrap(Parity.random(new Rng(1), 12)), index, y);
        for (float v : y.read()) {
            assertTrue(Float.isNaN(v), "an unchecked index 9 of an axis of 4 must give NaN, got " + v);
        }
    }

    @Test
    void theOpsRefuseAnIndexOutOfRangeOnTheCpuAndOpenClBackendsAlike() throws Exception {
        Backend before = Backends.current();
        try {
            for (Backend b : new Backend[] {new CpuBackend(1), OpenClTests.backend()}) {
                Backends.use(b);
                Tensor x = Tensor.randn(new Rng(2), 3, 4).requiresGrad(true);
                String m = assertThrows(IndexOutOfBoundsException.class,
                        () -> F.indexSelect(x, 1, new int[] {0, 4})).getMessage();
                assertEquals("indexSelect: index 4 at position 1 is outside [0, 4) along axis 1", m, b.name());
                m = assertThrows(IndexOutOfBoundsException.class,
                        () -> F.gather(x, 1, new int[] {0, -1, 2})).getMessage();
                assertEquals("gather: index -1 at position 1 is outside [0, 4) along axis 1", m, b.name());
                m = assertThrows(IndexOutOfBoundsException.class,
                        () -> F.embedding(x, new int[] {2, 3})).getMessage();
                assertEquals("embedding: id 3 at position 1 is outside the vocabulary [0, 3)", m, b.name());
            }
        } finally {
            Backends.use(before);
        }
    }
}
