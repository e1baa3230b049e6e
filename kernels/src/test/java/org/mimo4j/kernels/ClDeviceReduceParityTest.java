package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * The bias-gradient sums (reduce.cl) against the engine's host loops (Linear's column sums, Conv2d's
 * per-channel sums over images and positions) on shapes with 1, odd sizes and counts that are no
 * multiple of the work-group size, for every tuning variant (the ODD_TILE one shares the device's
 * work-group size, GPU_ROW has 64; sumPlanes's 4500-float planes give an item several 16-float runs
 * per image and a loose tail; planes under 16 runs per item, the small CNN's 196 among them, take
 * work-groups of one item per run; columns past ClReduce.COLUMN_ROWS rows take sum_rows's work-groups).
 * Tolerance: both sides are float sums of the same count terms in different orders, so each is within
 * gamma_count of the exact sum: 2 gamma_count * sum |x|.
 */
class ClDeviceReduceParityTest {

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void sumRowsMatchesTheColumnSums(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(61);
        for (int[] s : new int[][] {{1, 1}, {1, 10}, {7, 3}, {16, 10}, {129, 1}, {300, 77}, {1000, 5}, {4096, 3},
            {4097, 2}, {5000, 1}, {4500, 13}}) {
            int rows = s[0], cols = s[1];
            float[] x = Parity.random(rng, rows * cols), want = new float[cols], bound = new float[cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    want[c] += x[r * cols + c];
                    bound[c] += Math.abs(x[r * cols + c]);
                }
            }
            Storage y = dk.allocate(cols);
            dk.sumRows(Storage.wrap(x), rows, cols, y);
            Parity.assertClose("sumRows " + rows + "x" + cols, want, y.read(), bound, Parity.dotTolerance(rows), 0,
                    cols);
        }
    }

    /**
     * Columns of up to ClReduce.COLUMN_ROWS rows run one work-item each (sum_columns), in row order: the
     * bits of the host's sequential loop. Longer ones take a work-group each (sum_rows).
     */
    @Test
    void shortColumnsGiveTheSequentialSumsBitsAndLongOnesAWorkGroup() throws Exception {
        ClBackend cl = OpenClTests.backend();
        DeviceKernels dk = cl.deviceKernels();
        Rng rng = new Rng(64);
        for (int[] s : new int[][] {{64, 128}, {4096, 5}, {4097, 5}}) {
            int rows = s[0], cols = s[1];
            float[] x = Parity.random(rng, rows * cols), sequential = new float[cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    sequential[c] += x[r * cols + c];
                }
            }
            Storage y = dk.allocate(cols);
            ClLaunches before = cl.launches();
            dk.sumRows(Storage.wrap(x), rows, cols, y);
            Map<String, Long> launched = cl.launches().since(before).byKernel();
            boolean columnWise = rows <= ClReduce.COLUMN_ROWS;
            assertEquals(columnWise, launched.containsKey("sum_columns"), rows + " rows");
            assertEquals(!columnWise, launched.containsKey("sum_rows"), rows + " rows");
            if (columnWise) {
                assertArrayEquals(sequential, y.read(), rows + "x" + cols);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void sumPlanesMatchesThePerChannelSums(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(62);
        for (int[] s : new int[][] {{1, 1, 1}, {1, 3, 1}, {2, 1, 5}, {3, 8, 49}, {16, 8, 144}, {4, 5, 196}, {5, 6, 1031},
            {3, 2, 4500}}) {
            int n = s[0], ch = s[1], plane = s[2];
            float[] x = Parity.random(rng, n * ch * plane), want = new float[ch], bound = new float[ch];
            for (int b = 0, i = 0; b < n; b++) {
                for (int c = 0; c < ch; c++) {
                    double sum = 0;
                    for (int p = 0; p < plane; p++, i++) {
                        sum += x[i];
                        bound[c] += Math.abs(x[i]);
                    }
                    want[c] += (float) sum;
                }
            }
            Storage y = dk.allocate(ch);
            dk.sumPlanes(Storage.wrap(x), n, ch, plane, y);
            Parity.assertClose("sumPlanes " + n + "x" + ch + "x" + plane, want, y.read(), bound,
                    Parity.dotTolerance(n * plane), 0, ch);
        }
    }

    @Test
    void sumsAreBitwiseReproducible() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        Storage x = Storage.wrap(Parity.random(new Rng(63), 37 * 11 * 53));
        Storage y1 = dk.allocate(11), y2 = dk.allocate(11);
        dk.sumPlanes(x, 37, 11, 53, y1);
        dk.sumPlanes(x, 37, 11, 53, y2);
        assertArrayEquals(y1.read(), y2.read());
    }
}
