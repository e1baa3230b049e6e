package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.PoolShape;

/** Max pooling of {@code pool.cl} on device buffers: one launch forward, one backward (a gather, no indices). */
final class ClPool implements AutoCloseable {
    private final ClLauncher launcher;
    private final int local;
    private final cl_kernel forward;
    private final cl_kernel backward;

    ClPool(ClLauncher launcher, ClTuning tuning, cl_program program) {
        this.launcher = launcher;
        this.local = tuning.local1d();
        this.forward = clCreateKernel(program, "max_pool_forward", null);
        this.backward = clCreateKernel(program, "max_pool_backward", null);
    }

    void forward(PoolShape p, ClBuffer x, ClBuffer y) {
        launcher.launch1d("max_pool_forward", forward, p.outputSize(), local, x, p.n() * p.c(), p.h(), p.w(),
                p.kernel(), p.stride(), p.padding(), p.outH(), p.outW(), y);
    }

    void backward(PoolShape p, ClBuffer x, ClBuffer gy, ClBuffer gx) {
        launcher.launch1d("max_pool_backward", backward, p.inputSize(), local, x, gy, p.n() * p.c(), p.h(), p.w(),
                p.kernel(), p.stride(), p.padding(), p.outH(), p.outW(), gx);
    }

    @Override
    public void close() {
        clReleaseKernel(forward);
        clReleaseKernel(backward);
    }
}
