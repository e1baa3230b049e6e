package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * The column and plane sums of {@code reduce.cl} on device buffers: one work-group of
 * {@link ClTuning#local1d()} items per output element, so the summation order is fixed by the tuning.
 */
final class ClReduce implements AutoCloseable {
    private final ClLauncher launcher;
    private final int local;
    private final cl_kernel sumRows;
    private final cl_kernel sumPlanes;

    ClReduce(ClLauncher launcher, ClTuning tuning, cl_program program) {
        this.launcher = launcher;
        this.local = tuning.local1d();
        this.sumRows = clCreateKernel(program, "sum_rows", null);
        this.sumPlanes = clCreateKernel(program, "sum_planes", null);
    }

    /** y[c] = sum over r of x[r, c]. */
    void sumRows(ClBuffer x, int rows, int cols, ClBuffer y) {
        launcher.launch1d("sum_rows", sumRows, (long) cols * local, local, x, rows, cols, y, new ClLocal(local));
    }

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
        clReleaseKernel(sumPlanes);
    }
}
