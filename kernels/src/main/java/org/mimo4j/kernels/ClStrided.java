package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.tensor.Strided;

/**
 * The strided-view kernels of {@code elementwise.cl} on device buffers: gather (materialise a view),
 * scatter (its inverse, into a region of a buffer), broadcast binary arithmetic, sum-to (a gradient summed
 * down to a broadcast operand's shape) and max-to (ops.reduce.Max, with its arg-max and backward). The
 * callers' shapes and strides of up to 6 axes go to the kernels right-aligned in int8 arguments.
 */
final class ClStrided implements AutoCloseable {
    /** Axes the kernels decompose an index into (DeviceKernels.MAX_RANK). */
    static final int AXES = 6;

    private final ClLauncher launcher;
    private final ClReduce reduce;
    private final boolean cpuDevice;
    private final int local;
    private final cl_kernel gather;
    private final cl_kernel scatter;
    private final cl_kernel broadcastBinary;
    private final cl_kernel sumTo;
    private final cl_kernel sumToLanes;
    private final cl_kernel maxTo;
    private final cl_kernel maxParts;
    private final cl_kernel maxToLanes;
    private final cl_kernel maxToBackward;

    /** {@code cpuDevice}: sums and maxima into parts take 16 parts per work-item where they can ({@link #sumTo}). */
    ClStrided(ClLauncher launcher, ClReduce reduce, ClTuning tuning, cl_program program, boolean cpuDevice) {
        this.launcher = launcher;
        this.reduce = reduce;
        this.cpuDevice = cpuDevice;
        this.local = tuning.local1d();
        this.gather = clCreateKernel(program, "gather", null);
        this.scatter = clCreateKernel(program, "scatter", null);
        this.broadcastBinary = clCreateKernel(program, "broadcast_binary", null);
        this.sumTo = clCreateKernel(program, "sum_to", null);
        this.sumToLanes = clCreateKernel(program, "sum_to_lanes", null);
        this.maxTo = clCreateKernel(program, "max_to", null);
        this.maxParts = clCreateKernel(program, "max_parts", null);
        this.maxToLanes = clCreateKernel(program, "max_to_lanes", null);
        this.maxToBackward = clCreateKernel(program, "max_to_backward", null);
    }

    void gather(ClBuffer x, int offset, int[] shape, int[] strides, ClBuffer y, int n) {
        launcher.launch1d("gather", gather, n, local, x, offset, lanes(shape, 1), lanes(strides, 0), y, n);
    }

    void scatter(ClBuffer x, int[] shape, ClBuffer y, int offset, int[] strides, int n) {
        launcher.launch1d("scatter", scatter, n, local, x, lanes(shape, 1), lanes(strides, 0), offset, y, n);
    }

    /** {@code op}: the ordinal of DeviceKernels.Arith, which elementwise.cl's arith() switches on. */
    void broadcastBinary(int op, int[] shape, ClBuffer a, int aOff, int[] aStrides, ClBuffer b, int bOff,
                         int[] bStrides, ClBuffer y, int n) {
        launcher.launch1d("broadcast_binary", broadcastBinary, n, local, op, lanes(shape, 1), a, aOff,
                lanes(aStrides, 0), b, bOff, lanes(bStrides, 0), y, n);
    }

    /**
     * Sums g of shape gShape to target (already checked to broadcast to it, both of the same rank after
     * right-alignment): the kept axes index the outputs, the others are walked by each output's loop, in the
     * parts {@link Strided#sumParts} gives (their sums in a buffer of {@code scope}, then added in order). On a
     * CPU device, terms one float apart in one run go 16 parts to a work-item (sum_to_lanes, the same bits): a
     * whole-tensor sum of 2^20 floats took PoCL 1.96 ms through sum_to.
     */
    void sumTo(ClBuffer g, int[] gShape, int[] target, ClBuffer y, int n, ClScope scope) {
        Walk w = new Walk(gShape, target);
        int parts = Strided.sumParts(n, w.terms);
        ClBuffer sums = parts == 1 ? y : scope.buffer((long) parts * n);
        if (partsAsLanes(parts, w)) {
            launcher.launch1d("sum_to_lanes", sumToLanes, (long) parts / 16 * n, local, g, w.small, w.outStrides,
                    w.terms, parts, sums, n);
        } else {
            launcher.launch1d("sum_to", sumTo, (long) parts * n, local, g, w.small, w.outStrides, w.reduced,
                    w.gStrides, w.terms, parts, w.inner, w.innerStride, sums, n);
        }
        if (parts > 1) {
            reduce.sumColumnsInOrder(sums, parts, n, y); // each output's parts in order, as the host adds them
        }
    }

    /**
     * The maxima and arg-maxima of x of shape xShape over the groups that reduce to target, walked as {@link #sumTo},
     * in the same parts (each part's maximum in buffers of {@code scope}, then picked by max_parts), 16 parts to a
     * work-item where {@link #sumTo} takes them so (max_to_lanes).
     */
    void maxTo(ClBuffer x, int[] xShape, int[] target, ClBuffer y, ClBuffer argmax, int n, ClScope scope) {
        Walk w = new Walk(xShape, target);
        int parts = Strided.sumParts(n, w.terms);
        ClBuffer tops = parts == 1 ? y : scope.buffer((long) parts * n);
        ClBuffer bests = parts == 1 ? argmax : scope.buffer((long) parts * n);
        if (partsAsLanes(parts, w)) {
            launcher.launch1d("max_to_lanes", maxToLanes, (long) parts / 16 * n, local, x, w.small, w.outStrides,
                    w.terms, parts, tops, bests, n);
        } else {
            launcher.launch1d("max_to", maxTo, (long) parts * n, local, x, w.small, w.outStrides, w.reduced,
                    w.gStrides, w.terms, parts, w.inner, w.innerStride, tops, bests, n);
        }
        if (parts > 1) {
            launcher.launch1d("max_parts", maxParts, n, local, tops, bests, parts, n, y, argmax);
        }
    }

    /**
     * Whether a reduction in {@code parts} runs 16 parts to a work-item (sum_to_lanes, max_to_lanes): on a CPU device,
     * with whole groups of 16 parts, over terms one run one float apart.
     */
    private boolean partsAsLanes(int parts, Walk w) {
        return cpuDevice && parts % 16 == 0 && w.inner >= w.terms && w.innerStride == 1;
    }

    /** gx[argmax[o]] = gy[o] for the n outputs, into a gx the caller zero-filled. */
    void maxToBackward(ClBuffer argmax, ClBuffer gy, ClBuffer gx, int n) {
        launcher.launch1d("max_to_backward", maxToBackward, n, local, argmax, gy, gx, n);
    }

    /**
     * How sum_to and max_to walk a reduction of full (gShape) to small (target), right-aligned to 6 axes:
     * the kept axes index the outputs (outStrides into full, 0 on the reduced axes), and each output walks
     * the reduced axes (shape {@code reduced}, strides gStrides) in increasing index of full.
     */
    private static final class Walk {
        final int[] small;
        final int[] gStrides;
        final int[] outStrides;
        final int[] reduced;
        final int terms;
        /** Terms of the trailing reduced axes, which lie evenly in full, innerStride apart: sum_to's runs. */
        final int inner;
        final int innerStride;

        Walk(int[] gShape, int[] target) {
            int[] full = lanes(gShape, 1);
            small = lanes(target, 1);
            gStrides = new int[full.length];
            outStrides = new int[full.length];
            reduced = new int[full.length];
            int t = 1;
            for (int d = AXES - 1, s = 1; d >= 0; d--) {
                gStrides[d] = s;
                s *= full[d];
                boolean kept = small[d] == full[d];
                outStrides[d] = kept ? gStrides[d] : 0;
                reduced[d] = kept ? 1 : full[d];
                t *= reduced[d];
            }
            terms = t;
            int d = AXES - 1;
            while (d > 0 && reduced[d] == 1) {
                d--;
            }
            int run = reduced[d], stride = gStrides[d];
            for (d--; d >= 0 && (full[d] == 1 || (reduced[d] > 1 && gStrides[d] == run * stride)); d--) {
                run *= reduced[d];
            }
            inner = Math.max(1, run); // no terms (an axis of size 0 reduced): nothing is read, and no % 0
            innerStride = stride;
        }
    }

    /** {@code v} right-aligned in the first 6 of 8 lanes (an OpenCL int8), the missing leading axes {@code fill}. */
    static int[] lanes(int[] v, int fill) {
        int[] out = new int[8];
        java.util.Arrays.fill(out, 0, AXES - v.length, fill);
        System.arraycopy(v, 0, out, AXES - v.length, v.length);
        return out;
    }

    @Override
    public void close() {
        clReleaseKernel(gather);
        clReleaseKernel(scatter);
        clReleaseKernel(broadcastBinary);
        clReleaseKernel(sumTo);
        clReleaseKernel(sumToLanes);
        clReleaseKernel(maxTo);
        clReleaseKernel(maxParts);
        clReleaseKernel(maxToLanes);
        clReleaseKernel(maxToBackward);
    }
}
