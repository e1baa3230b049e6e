package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import java.util.Locale;
import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.DeviceKernels.Unary;

/** The kernels of {@code elementwise.cl} on device buffers: one launch each, one work-item per element (Relu's: four). */
final class ClElementwise implements AutoCloseable {
    private final ClLauncher launcher;
    private final int local;
    private final cl_kernel copy;
    private final cl_kernel fill;
    private final cl_kernel add;
    private final cl_kernel axpy;
    private final cl_kernel[] unary;
    private final cl_kernel[] unaryBackward;
    private final String[] unaryNames;
    private final String[] unaryBackwardNames;
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
        Unary[] ops = Unary.values();
        this.unaryNames = new String[ops.length];
        this.unaryBackwardNames = new String[ops.length];
        this.unary = new cl_kernel[ops.length];
        this.unaryBackward = new cl_kernel[ops.length];
        for (Unary op : ops) {
            String name = op.name().toLowerCase(Locale.ROOT);
            unaryNames[op.ordinal()] = "unary_" + name;
            unaryBackwardNames[op.ordinal()] = "unary_backward_" + name;
            unary[op.ordinal()] = clCreateKernel(program, unaryNames[op.ordinal()], null);
            unaryBackward[op.ordinal()] = clCreateKernel(program, unaryBackwardNames[op.ordinal()], null);
        }
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

    /** Runs {@code op}'s own kernel (elementwise.cl has one per op, with the op compiled in). */
    void unary(Unary op, ClBuffer x, float a, float b, ClBuffer y, int n) {
        int k = op.ordinal();
        launcher.launch1d(unaryNames[k], unary[k], items(op, n), local, x, a, b, y, n);
    }

    void unaryBackward(Unary op, ClBuffer x, ClBuffer y, ClBuffer gy, float a, float b, ClBuffer gx, int n) {
        int k = op.ordinal();
        launcher.launch1d(unaryBackwardNames[k], unaryBackward[k], items(op, n), local, x, y, gy, a, b, gx, n);
    }

    /** Work-items of op's kernels over n floats: Relu's take four floats each (see elementwise.cl). */
    private static long items(Unary op, int n) {
        return op == Unary.RELU ? (n + 3L) / 4 : n;
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
        for (cl_kernel k : new cl_kernel[] {copy, fill, add, axpy, addRowVector, binary, scalar}) {
            clReleaseKernel(k);
        }
        for (int op = 0; op < unary.length; op++) {
            clReleaseKernel(unary[op]);
            clReleaseKernel(unaryBackward[op]);
        }
    }
}
