package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Cross-entropy of {@code loss.cl} on device buffers: the forward (log-softmax, per-row losses and
 * their reduction) is one launch of a single work-group; the backward one item per logit.
 */
final class ClLoss implements AutoCloseable {
    private final ClLauncher launcher;
    private final int local;
    private final cl_kernel forward;
    private final cl_kernel backward;

    ClLoss(ClLauncher launcher, ClTuning tuning, cl_program program) {
        this.launcher = launcher;
        this.local = tuning.local1d();
        this.forward = clCreateKernel(program, "cross_entropy_forward", null);
        this.backward = clCreateKernel(program, "cross_entropy_backward", null);
    }

    void forward(int rows, int classes, ClBuffer logits, ClBuffer labels, float smoothing, boolean mean,
                 ClBuffer logProbs, ClBuffer loss) {
        launcher.launch1d("cross_entropy_forward", forward, local, local, rows, classes, logits, labels, smoothing,
                mean ? 1 : 0, logProbs, loss, new ClLocal(local));
    }

    void backward(int rows, int classes, ClBuffer logProbs, ClBuffer labels, float smoothing, boolean mean,
                  ClBuffer gy, ClBuffer gx) {
        launcher.launch1d("cross_entropy_backward", backward, (long) rows * classes, local, rows, classes, logProbs,
                labels, smoothing, mean ? 1 : 0, gy, gx);
    }

    @Override
    public void close() {
        clReleaseKernel(forward);
        clReleaseKernel(backward);
    }
}
