package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * The column and plane sums of {@code reduce.cl} on device buffers: short columns one work-item each, in
 * row order (the host loop's order); long columns and planes one work-group of {@link ClTuning#local1d()}
 * items per output element, so the summation order is fixed by the tuning.
 */
final class ClReduce implements AutoCloseable {
    private final ClLauncher launcher;
    private final int local;
    private final cl_kernel sumRows;
    private final cl_kernel sumColumns;
    private final cl_kernel sumPlanes;

    ClReduce(ClLauncher launcher, ClTuning tuning, cl_program program) {
        this.launcher = launcher;
        this.local = tuning.local1d();
        this.sumRows = clCreateKernel(program, "sum_rows", null);
        this.sumColumns = clCreateKernel(program, "sum_columns", null);
        this.sumPlanes = clCreateKernel(program, "sum_planes", null);
    }

    /**
     * y[c] = sum over r of x[r, c]: one work-item per column, rows in order ({@code sum_columns}), for
     * columns of at most {@link #COLUMN_ROWS} rows; longer ones (the one-column finiteness check over a
     * whole tensor) keep a work-group each ({@code sum_rows}).
     */
    void sumRows(ClBuffer x, int rows, int cols, ClBuffer y) {
        if (rows <= COLUMN_ROWS) {
            sumColumnsInOrder(x, rows, cols, y);
        } else {
            launcher.launch1d("sum_rows", sumRows, (long) cols * local, local, x, rows, cols, y, new ClLocal(local));
        }
    }

    /**
     * y[c] = 0 + x[0, c] + x[1, c] + ... in row order, one work-item per column ({@code sum_columns}) for any row
     * count: the order the host adds a sum's parts in ({@link ClStrided#sumTo}).
     */
    void sumColumnsInOrder(ClBuffer x, int rows, int cols, ClBuffer y) {
        launcher.launch1d("sum_columns", sumColumns, cols, local, x, rows, cols, y);
    }

    /**
     * Rows up to which a column's sum runs in one work-item: a few thousand dependent adds, microseconds on any
     * device. PoCL, the AV-Digits step's 64-row bias gradients (128 and 256 columns): 88-131 us each through
     * sum_rows, 5.6 through sum_columns (trace device medians); steps alternating in one JVM, 30 rounds of 10,
     * 9.82 -> 9.63 ms (the small CNN's, 20 a round: 3.36 -> 3.30).
     */
    static final int COLUMN_ROWS = 4096;

    /**
     * y[c] = sum over n and p of x[n, c, p], in work-groups of no more items than a plane has 16-float
     * runs: the extra items would sum nothing and still cost PoCL a pass of the group's item loop per
     * barrier of the fold (the small CNN's 14x14 planes, 13 runs: 128 items took as long as on planes
     * four times larger).
     */
    void sumPlanes(ClBuffer x, int n, int channels, int plane, ClBuffer y) {
        int items = Math.min(local, Math.max(1, (plane + 15) / 16));
        launcher.launch1d("sum_planes", sumPlanes, (long) channels * items, items, x, n, channels, plane, y,
                new ClLocal(items));
    }

    @Override
    public void close() {
        clReleaseKernel(sumRows);
        clReleaseKernel(sumColumns);
        clReleaseKernel(sumPlanes);
    }
}
