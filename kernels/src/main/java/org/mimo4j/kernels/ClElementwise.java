package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;

/** The kernels of {@code elementwise.cl} on device buffers: one launch each, one work-item per element. */
final class ClElementwise implements AutoCloseable {
    private final ClLauncher launcher;
    private final int local;
    private final cl_kernel copy;
    private final cl_kernel fill;
    private final cl_kernel add;
    private final cl_kernel axpy;
    private final cl_kernel unary;
    private final cl_kernel unaryBackward;
    private final cl_kernel addRowVector;
    private final cl_kernel binary;
    private final cl_kernel scalar;

    ClElementwise(ClLauncher launcher, ClTuning tuning, cl_program program) {
        this.launcher = launcher;
        this.local = tuning.local1d();
        this.copy = clCreateKernel(program, "copy", null);
        this.fill = clCreateKernel(program, "fill", null);
        this.add = clCreateKernel(program, "add", null);
        this.axpy = clCreateKernel(program, "axpy", null);
        this.unary = clCreateKernel(program, "unary", null);
        this.unaryBackward = clCreateKernel(program, "unary_backward", null);
        this.addRowVector = clCreateKernel(program, "add_row_vector", null);
        this.binary = clCreateKernel(program, "binary_op", null);
        this.scalar = clCreateKernel(program, "scalar_op", null);
    }

    void copy(ClBuffer x, ClBuffer y, int n) {
        launcher.launch1d("copy", copy, n, local, x, y, n);
    }

    void fill(ClBuffer y, float value, int n) {
        launcher.launch1d("fill", fill, n, local, y, value, n);
    }

    void add(ClBuffer a, ClBuffer b, ClBuffer y, int n) {
        launcher.launch1d("add", add, n, local, a, b, y, n);
    }

    void axpy(float alpha, ClBuffer x, ClBuffer y, int n) {
        launcher.launch1d("axpy", axpy, n, local, alpha, x, y, n);
    }

    /** {@code op}: the ordinal of DeviceKernels.Unary, which elementwise.cl's unary_f() switches on. */
    void unary(int op, ClBuffer x, float a, float b, ClBuffer y, int n) {
        launcher.launch1d("unary", unary, n, local, op, x, a, b, y, n);
    }

    void unaryBackward(int op, ClBuffer x, ClBuffer y, ClBuffer gy, float a, float b, ClBuffer gx, int n) {
        launcher.launch1d("unary_backward", unaryBackward, n, local, op, x, y, gy, a, b, gx, n);
    }

    void addRowVector(ClBuffer bias, int rows, int cols, ClBuffer y) {
        launcher.launch1d("add_row_vector", addRowVector, (long) rows * cols, local, bias, rows, cols, y);
    }

    /** {@code op}: the ordinal of DeviceKernels.Arith, which elementwise.cl's arith() switches on. */
    void binary(int op, ClBuffer a, ClBuffer b, int nb, ClBuffer y, int n) {
        launcher.launch1d("binary_op", binary, n, local, op, a, b, nb, y, n);
    }

    void scalar(int op, ClBuffer x, float c, ClBuffer y, int n) {
        launcher.launch1d("scalar_op", scalar, n, local, op, x, c, y, n);
    }

    @Override
    public void close() {
        for (cl_kernel k : new cl_kernel[] {copy, fill, add, axpy, unary, unaryBackward, addRowVector, binary, scalar}) {
            clReleaseKernel(k);
        }
    }
}
