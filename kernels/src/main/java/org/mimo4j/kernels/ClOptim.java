package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;

/** The fused optimizer updates of {@code optim.cl} on device buffers: one launch per parameter tensor. */
final class ClOptim implements AutoCloseable {
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

    /** {@code buffer} null: no momentum (w stands in as the unused argument). */
    void sgd(ClBuffer w, ClBuffer g, ClBuffer buffer, int n, float lr, float momentum, boolean nesterov,
             float weightDecay) {
        launcher.launch1d("sgd_update", sgd, n, local, w, g, buffer == null ? w : buffer, buffer == null ? 0 : 1,
                lr, momentum, nesterov ? 1 : 0, weightDecay, n);
    }

    void adam(ClBuffer w, ClBuffer g, ClBuffer m, ClBuffer v, int n, float lr, float beta1, float beta2, float eps,
              float l2, float shrink, float c1, float c2) {
        launcher.launch1d("adam_update", adam, n, local, w, g, m, v, lr, beta1, beta2, eps, l2, shrink, c1, c2, n);
    }

    @Override
    public void close() {
        clReleaseKernel(sgd);
        clReleaseKernel(adam);
    }
}
