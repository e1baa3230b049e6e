package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import java.util.Arrays;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * The fused optimizer updates of {@code optim.cl} on device buffers: all the tensors of a step, up to
 * {@link #TENSORS} per launch. Measured on PoCL (2 threads) with the small CNN's six tensors, each
 * update followed by a finish: one launch per tensor took 291-309 us (median of 400), one launch for all
 * 119-122 us.
 */
final class ClOptim implements AutoCloseable {
    /** Tensors one launch updates: optim.cl's TENSORS. */
    static final int TENSORS = 8;
    /**
     * Work-items per tensor at most; each strides over its tensor's elements. A bound, so that a launch
     * holding one large tensor and several small ones does not run thousands of idle work-items for each
     * small one.
     */
    private static final int MAX_ITEMS = 4096;
    private final ClLauncher launcher;
    private final int local;
    private final cl_kernel sgd;
    private final cl_kernel adam;

    ClOptim(ClLauncher launcher, ClTuning tuning, cl_program program) {
        this.launcher = launcher;
        this.local = tuning.local1d();
        this.sgd = clCreateKernel(program, "sgd_update", null);
        this.adam = clCreateKernel(program, "adam_update", null);
    }

    /** Tensor i is w[i] with n[i] elements; {@code buffer} null: no momentum. */
    void sgd(ClBuffer[] w, ClBuffer[] g, ClBuffer[] buffer, int[] n, float lr, float momentum, boolean nesterov,
             float weightDecay) {
        launchAll("sgd_update", sgd, new ClBuffer[][] {w, g, buffer}, n, buffer == null ? 0 : 1, lr, momentum,
                nesterov ? 1 : 0, weightDecay);
    }

    void adam(ClBuffer[] w, ClBuffer[] g, ClBuffer[] m, ClBuffer[] v, int[] n, float lr, float beta1, float beta2,
              float eps, float l2, float shrink, float c1, float c2) {
        launchAll("adam_update", adam, new ClBuffer[][] {w, g, m, v}, n, lr, beta1, beta2, eps, l2, shrink, c1, c2);
    }

    /**
     * Launches {@code kernel} on groups of up to {@link #TENSORS} tensors: per group, each role's eight
     * buffers (a missing role or an unused slot gets the group's first weight, never read since its
     * length is 0), the eight lengths, then {@code scalars}.
     */
    private void launchAll(String name, cl_kernel kernel, ClBuffer[][] roles, int[] n, Object... scalars) {
        for (int t0 = 0; t0 < n.length; t0 += TENSORS) {
            int count = Math.min(TENSORS, n.length - t0);
            Object[] args = new Object[(roles.length + 1) * TENSORS + scalars.length];
            for (int r = 0; r < roles.length; r++) {
                for (int k = 0; k < TENSORS; k++) {
                    args[r * TENSORS + k] = roles[r] != null && k < count ? roles[r][t0 + k] : roles[0][t0];
                }
            }
            for (int k = 0; k < TENSORS; k++) {
                args[roles.length * TENSORS + k] = k < count ? n[t0 + k] : 0;
            }
            System.arraycopy(scalars, 0, args, (roles.length + 1) * TENSORS, scalars.length);
            int longest = Arrays.stream(n, t0, t0 + count).max().orElse(0);
            long cap = Math.max(local, MAX_ITEMS / local * local);
            long items = Math.min(cap, ((long) longest + local - 1) / local * local);
            launcher.launch(name, kernel, new long[] {items, count}, new long[] {local, 1}, args);
        }
    }

    @Override
    public void close() {
        clReleaseKernel(sgd);
        clReleaseKernel(adam);
    }
}
