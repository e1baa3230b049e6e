package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.reduce.Max;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * DeviceKernels.maxTo and maxToBackward (elementwise.cl's max_to, max_to_backward) against ops.reduce.Max's
 * host loops (Max.hostForward, Max.hostBackward), on random shapes of rank 1 to 6 with sizes 1, odd and
 * more outputs than a work-group, every subset of axes reduced, values drawn from a few levels so that
 * ties are common, and a NaN planted; long reductions into few outputs, which the device takes in parts
 * (ties between parts, a NaN, -infinity or signed zeros first). Both pick the first maximum in increasing
 * input index by comparisons only, so maxima, arg-maxima and gradients must agree bitwise.
 */
class ClDeviceMaxToParityTest {

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Rng rng = new Rng(81);
        int[][] fixed = {{1}, {7}, {300, 7}, {3, 1, 5}, {2, 3, 4, 5}, {2, 1, 3, 1, 2, 3},
            {9001}, {3, 4099}, {2053, 3, 2}, {2731, 5, 3}, {3, 40011}}; // the last five also in parts (Strided.sumParts),
            // the last, reduced along its long axis or whole, 16 parts to a work-item on a CPU device (max_to_lanes)
        for (int[] shape : fixed) {
            for (int mask = 0; mask < 1 << shape.length; mask++) {
                out.add(Arguments.of(shape, target(shape, mask), rng.nextLong()));
            }
        }
        for (int c = 0; c < 12; c++) {
            int rank = 1 + rng.nextInt(DeviceKernels.MAX_RANK);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = 1 + rng.nextInt(rank > 3 ? 4 : 9);
            }
            out.add(Arguments.of(shape, target(shape, 1 + rng.nextInt((1 << rank) - 1)), rng.nextLong()));
        }
        return out;
    }

    private static int[] target(int[] shape, int mask) {
        int[] t = shape.clone();
        for (int d = 0; d < t.length; d++) {
            if ((mask >> d & 1) != 0) {
                t[d] = 1;
            }
        }
        return t;
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("cases")
    void maximaArgMaximaAndGradientsAreTheHosts(int[] shape, int[] target, long seed) throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        Rng rng = new Rng(seed);
        int n = numel(shape), m = numel(target);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextInt(5) - 2.5f;
        }
        x[rng.nextInt(n)] = Float.NaN;
        float[] y = new float[m], arg = new float[m], gy = Parity.random(rng, m), gx = new float[n];
        Max.hostForward(shape, x, target, y, arg);
        Max.hostBackward(arg, gy, gx);
        Storage sy = dk.allocate(m), sarg = dk.allocate(m), sgx = Storage.wrap(Parity.random(rng, n));
        dk.maxTo(shape, Storage.wrap(x), target, sy, sarg);
        dk.maxToBackward(sarg, Storage.wrap(gy), sgx);
        assertArrayEquals(arg, sarg.read(), "argmax");
        assertArrayEquals(y, sy.read(), "max");
        assertArrayEquals(gx, sgx.read(), "gradient (every element written, zeros included)");
    }

    /**
     * The host's rule at the edges, where parts other than the first start from nothing: a NaN, -infinity or
     * signed zeros first, and a NaN opening another part, whose later maximum still wins.
     */
    @Test
    void partsKeepTheFirstTermsNanMinusInfinityAndSignedZerosAsTheHostDoes() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        for (int n : new int[] {9001, 40011}) { // 4 parts; 16, as one work-item's lanes on a CPU device
            edgesAsTheHost(dk, n);
        }
    }

    private static void edgesAsTheHost(DeviceKernels dk, int n) throws Exception {
        float[] nanFirst = new float[n], infinities = new float[n], zeros = new float[n];
        for (int i = 0; i < n; i++) {
            nanFirst[i] = i % 97;
            infinities[i] = i % 500 == 7 ? Float.NaN : Float.NEGATIVE_INFINITY;
            zeros[i] = i % 3 == 0 ? -0.0f : 0.0f;
        }
        nanFirst[0] = Float.NaN;
        float[] nanStartsAPart = new float[n]; // the part's later maximum must still win
        for (int i = 0; i < n; i++) {
            nanStartsAPart[i] = i % 97;
        }
        int parts = org.mimo4j.engine.tensor.Strided.sumParts(1, n);
        nanStartsAPart[1] = Float.NaN;
        nanStartsAPart[1 + 10 * parts] = 1000f;
        for (float[] x : new float[][] {nanFirst, infinities, zeros, nanStartsAPart}) {
            float[] y = new float[1], arg = new float[1];
            Max.hostForward(new int[] {n}, x, new int[] {1}, y, arg);
            Storage sy = dk.allocate(1), sarg = dk.allocate(1);
            dk.maxTo(new int[] {n}, Storage.wrap(x), new int[] {1}, sy, sarg);
            assertArrayEquals(arg, sarg.read(), n + ": argmax of " + x[0] + ", " + x[1] + ", ...");
            assertArrayEquals(y, sy.read(), n + ": max of " + x[0] + ", " + x[1] + ", ...");
        }
    }

    @Test
    void anInputTooLargeForFloatIndicesIsRejected() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> dk.maxTo(new int[] {1 << 12, 1 << 12, 2}, Storage.wrap(new float[1]), new int[] {1, 1, 2},
                        dk.allocate(2), dk.allocate(2)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("2^24"), e.getMessage());
    }

    private static int numel(int[] s) {
        int n = 1;
        for (int d : s) {
            n *= d;
        }
        return n;
    }
}
