package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.PoolShape;

/**
 * Max and average pooling of {@code pool.cl} on device buffers: one launch forward, one backward
 * without saved indices (max: per window when the windows tile the input, else a gather per input
 * element; average: a gather per input element). Max pooling's usual 2x2 windows of stride 2 have
 * kernels of their own, two windows per item in vector types.
 */
final class ClPool implements AutoCloseable {
    private final ClLauncher launcher;
    private final int local;
    private final cl_kernel forward;
    private final cl_kernel backward;
    private final cl_kernel backwardTiled;
    private final cl_kernel forward2x2;
    private final cl_kernel backward2x2;
    private final cl_kernel avgForward;
    private final cl_kernel avgBackward;

    ClPool(ClLauncher launcher, ClTuning tuning, cl_program program) {
        this.launcher = launcher;
        this.local = tuning.local1d();
        this.forward = clCreateKernel(program, "max_pool_forward", null);
        this.backward = clCreateKernel(program, "max_pool_backward", null);
        this.backwardTiled = clCreateKernel(program, "max_pool_backward_tiled", null);
        this.forward2x2 = clCreateKernel(program, "max_pool_forward_2x2", null);
        this.backward2x2 = clCreateKernel(program, "max_pool_backward_2x2", null);
        this.avgForward = clCreateKernel(program, "avg_pool_forward", null);
        this.avgBackward = clCreateKernel(program, "avg_pool_backward", null);
    }

    /** Max pooling, of relu(x) when {@code relu} is set (relu of each maximum). */
    void forward(PoolShape p, ClBuffer x, ClBuffer y, boolean relu) {
        int r = relu ? 1 : 0;
        if (twoByTwo(p)) {
            launcher.launch("max_pool_forward_2x2", forward2x2, rowsOfTwo(p), rowGroups(p), x,
                    p.n() * p.c(), p.h(), p.w(), p.outH(), p.outW(), y, r);
            return;
        }
        launcher.launch1d("max_pool_forward", forward, p.outputSize(), local, x, p.n() * p.c(), p.h(), p.w(),
                p.kernel(), p.stride(), p.padding(), p.outH(), p.outW(), y, r);
    }

    /** The gradient of max pooling, of relu(x) when {@code relu} is set (relu's gate at each maximum). */
    void backward(PoolShape p, ClBuffer x, ClBuffer gy, ClBuffer gx, boolean relu) {
        int r = relu ? 1 : 0;
        if (twoByTwo(p) && tiles(p)) {
            launcher.launch("max_pool_backward_2x2", backward2x2, rowsOfTwo(p), rowGroups(p), x, gy,
                    p.n() * p.c(), p.h(), p.w(), p.outH(), p.outW(), gx, r);
            return;
        }
        if (tiles(p)) {
            launcher.launch1d("max_pool_backward_tiled", backwardTiled, p.outputSize(), local, x, gy, p.n() * p.c(),
                    p.h(), p.w(), p.kernel(), p.outH(), p.outW(), gx, r);
            return;
        }
        launcher.launch1d("max_pool_backward", backward, p.inputSize(), local, x, gy, p.n() * p.c(), p.h(), p.w(),
                p.kernel(), p.stride(), p.padding(), p.outH(), p.outW(), gx, r);
    }

    void avgForward(PoolShape p, ClBuffer x, ClBuffer y) {
        launcher.launch1d("avg_pool_forward", avgForward, p.outputSize(), local, x, p.n() * p.c(), p.h(), p.w(),
                p.kernel(), p.stride(), p.padding(), p.outH(), p.outW(), inverseArea(p), y);
    }

    void avgBackward(PoolShape p, ClBuffer gy, ClBuffer gx) {
        launcher.launch1d("avg_pool_backward", avgBackward, p.inputSize(), local, gy, p.n() * p.c(), p.h(), p.w(),
                p.kernel(), p.stride(), p.padding(), p.outH(), p.outW(), inverseArea(p), gx);
    }

    /** 1 / kernel^2 rounded once on the host, the factor ops.nn.AvgPool2d multiplies by. */
    private static float inverseArea(PoolShape p) {
        return 1f / (p.kernel() * p.kernel());
    }

    /**
     * Whether the windows are the usual 2x2 of stride 2 without padding, which pool.cl has unrolled
     * kernels for (their index arithmetic is exact below 2^30 input elements).
     */
    static boolean twoByTwo(PoolShape p) {
        return p.kernel() == 2 && p.stride() == 2 && p.padding() == 0 && p.inputSize() < 1 << 30;
    }

    /**
     * The 2x2 kernels' range: an item per two windows of an output row, by output rows of all planes.
     */
    private static long[] rowsOfTwo(PoolShape p) {
        return new long[] {(p.outW() + 1) / 2, (long) p.n() * p.c() * p.outH()};
    }

    /**
     * The 2x2 kernels' work-groups: a row's items (up to 8, rounded up to a power of two) by enough rows
     * to make local items. In the small CNN's step, with four windows per item, 1 x local groups ran the
     * forward at 0.29-0.38 ms a launch and 4 x local/4 groups at 0.11-0.15 ms. Rows of 7 windows (4
     * items) in 8-wide groups left half of each group's items out of range: the second layer's forward
     * took 0.165 ms for half the first's windows (0.113 ms).
     */
    private long[] rowGroups(PoolShape p) {
        int items = (p.outW() + 1) / 2;
        int width = Math.min(8, Integer.highestOneBit(2 * items - 1));
        return new long[] {width, Math.max(1, local / width)};
    }

    /** Whether every input lies in exactly one window, so a window can write all of its gradient. */
    static boolean tiles(PoolShape p) {
        return p.stride() == p.kernel() && p.padding() == 0 && p.h() % p.kernel() == 0 && p.w() % p.kernel() == 0;
    }

    @Override
    public void close() {
        clReleaseKernel(forward2x2);
        clReleaseKernel(backward2x2);
        clReleaseKernel(forward);
        clReleaseKernel(backward);
        clReleaseKernel(backwardTiled);
        clReleaseKernel(avgForward);
        clReleaseKernel(avgBackward);
    }
}
