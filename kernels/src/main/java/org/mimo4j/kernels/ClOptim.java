package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import java.util.stream.IntStream;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * The fused optimizer updates of {@code optim.cl} on device buffers: all the tensors of a step, each
 * tensor of {@link #SMALL} floats or more in a launch of its own, the smaller ones up to {@link #TENSORS}
 * per launch (the {@code _small} kernels, which PoCL runs ~3x slower per float but which save a launch
 * each). A launch costs ~11 us on PoCL in a pipeline (relu on 16 floats, 10 launches per finish); the small
 * CNN's step updates its four small tensors in one launch and its two weights of 4,608 and 15,680 floats
 * in one each, three launches instead of six.
 */
final class ClOptim implements AutoCloseable {
    /** Tensors one launch of a {@code _small} kernel updates: optim.cl's TENSORS. */
    static final int TENSORS = 8;
    /**
     * Floats from which a tensor gets a launch of its own: there the {@code _small} kernels' ~2.5 ns more per
     * float (trace device time, a 1.6M-float weight) outweigh a launch's ~11 us.
     */
    static final int SMALL = 4096;
    private final ClLauncher launcher;
    private final int local;
    /**
     * Elements per work-item of sgd_update and adam_update: 16 on CPU rows (as float16), 1 on GPU rows, whose
     * neighbouring work-items should read neighbouring floats. PoCL 3.1 (AMD EPYC Zen 3, 2 threads), SGD on the
     * AV-Digits MLP's 1.6M-float weight, launch and finish, means of 20: 0.84-1.00 ms against 2.12-3.39 with one
     * element per item, 1.28-1.47 against 2.46-2.96 after a 32 MB sweep; it had taken 4.4-5.3 ms of device
     * time inside the traced step. The AV-Digits step on PoCL: JMH medians 17.2 against 17.9 ms (4 rounds
     * alternating, 3 faster).
     */
    private final int perItem;
    private final cl_kernel sgd;
    private final cl_kernel adam;
    private final cl_kernel sgdSmall;
    private final cl_kernel adamSmall;

    ClOptim(ClLauncher launcher, ClTuning tuning, cl_program program) {
        this.launcher = launcher;
        this.local = tuning.local1d();
        this.perItem = tuning.tiled() ? 1 : 16;
        this.sgd = clCreateKernel(program, "sgd_update", null);
        this.adam = clCreateKernel(program, "adam_update", null);
        this.sgdSmall = clCreateKernel(program, "sgd_update_small", null);
        this.adamSmall = clCreateKernel(program, "adam_update_small", null);
    }

    /** Tensor i is w[i] with n[i] elements; {@code buffer} null: no momentum (w stands in for it). */
    void sgd(ClBuffer[] w, ClBuffer[] g, ClBuffer[] buffer, int[] n, float lr, float momentum, boolean nesterov,
             float weightDecay) {
        int hasBuffer = buffer == null ? 0 : 1, nest = nesterov ? 1 : 0;
        for (int i = 0; i < n.length; i++) {
            if (n[i] >= SMALL) {
                launcher.launch1d("sgd_update", sgd, items(n[i]), local, w[i], g[i], buffer == null ? w[i] : buffer[i],
                        hasBuffer, lr, momentum, nest, weightDecay, n[i], perItem);
            }
        }
        launchSmall("sgd_update_small", sgdSmall, new ClBuffer[][] {w, g, buffer}, n, hasBuffer, lr, momentum, nest,
                weightDecay);
    }

    void adam(ClBuffer[] w, ClBuffer[] g, ClBuffer[] m, ClBuffer[] v, int[] n, float lr, float beta1, float beta2,
              float eps, float l2, float shrink, float c1, float c2) {
        for (int i = 0; i < n.length; i++) {
            if (n[i] >= SMALL) {
                launcher.launch1d("adam_update", adam, items(n[i]), local, w[i], g[i], m[i], v[i], lr, beta1, beta2, eps,
                        l2, shrink, c1, c2, n[i], perItem);
            }
        }
        launchSmall("adam_update_small", adamSmall, new ClBuffer[][] {w, g, m, v}, n, lr, beta1, beta2, eps, l2,
                shrink, c1, c2);
    }

    /** Work-items of a one-tensor update of {@code n} elements. */
    private long items(int n) {
        return (n + perItem - 1) / perItem;
    }

    /**
     * Launches {@code kernel} on the tensors below {@link #SMALL}, up to {@link #TENSORS} per launch: per
     * launch, each role's eight buffers (a missing role or an unused slot gets the launch's first weight,
     * never read since its length is 0), the eight lengths, the eight starts of the tensors' ranges (each
     * a multiple of the work-group size; unused slots start at the end), then {@code scalars}.
     */
    private void launchSmall(String name, cl_kernel kernel, ClBuffer[][] roles, int[] n, Object... scalars) {
        int[] small = IntStream.range(0, n.length).filter(i -> n[i] < SMALL).toArray();
        for (int s0 = 0; s0 < small.length; s0 += TENSORS) {
            int count = Math.min(TENSORS, small.length - s0);
            Object[] args = new Object[(roles.length + 2) * TENSORS + scalars.length];
            long end = 0;
            for (int k = 0; k < TENSORS; k++) {
                int t = k < count ? small[s0 + k] : small[s0];
                for (int r = 0; r < roles.length; r++) {
                    args[r * TENSORS + k] = roles[r] != null && k < count ? roles[r][t] : roles[0][t];
                }
                int len = k < count ? n[t] : 0;
                args[roles.length * TENSORS + k] = len;
                args[(roles.length + 1) * TENSORS + k] = (int) end;
                end += (len + local - 1) / local * local;
            }
            System.arraycopy(scalars, 0, args, (roles.length + 2) * TENSORS, scalars.length);
            launcher.launch(name, kernel, new long[] {end}, new long[] {local}, args);
        }
    }

    @Override
    public void close() {
        clReleaseKernel(sgd);
        clReleaseKernel(adam);
        clReleaseKernel(sgdSmall);
        clReleaseKernel(adamSmall);
    }
}
