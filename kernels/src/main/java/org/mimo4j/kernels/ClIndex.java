package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.ops.shape.IndexSelect;
import org.mimo4j.engine.tensor.Storage;

/**
 * Picking by index ({@code index.cl}) for {@link ClDeviceKernels}: IndexSelect's and Gather's forward
 * and backward on storages. Each method checks lengths and aliasing, checks the indices (or the
 * inverse map) on the host when the host copy is current, which is how the ops hand them over, so that
 * an index out of range is refused with its position instead of reading outside x; then makes its
 * inputs current on the device, launches one item per output element, and marks the output
 * device-written.
 */
final class ClIndex implements AutoCloseable {
    private final ClResidency res;
    private final ClBufferPool pool;
    private final ClLauncher launcher;
    private final int local;
    private final cl_kernel select;
    private final cl_kernel selectBackward;
    private final cl_kernel gather;
    private final cl_kernel gatherBackward;

    ClIndex(ClResidency res, ClBufferPool pool, ClLauncher launcher, ClTuning tuning, cl_program program) {
        this.res = res;
        this.pool = pool;
        this.launcher = launcher;
        this.local = tuning.local1d();
        this.select = clCreateKernel(program, "index_select", null);
        this.selectBackward = clCreateKernel(program, "index_select_backward", null);
        this.gather = clCreateKernel(program, "gather_axis", null);
        this.gatherBackward = clCreateKernel(program, "gather_axis_backward", null);
    }

    void indexSelect(int outer, int axisSize, int inner, Storage x, Storage index, Storage y) {
        String op = "indexSelect";
        ClStorageChecks.length(op, "index", index, ClStorageChecks.lengthOf(index));
        fitsFloats(op, axisSize, ClStorageChecks.lengthOf(index));
        ClStorageChecks.length(op, "x", x, ClStorageChecks.count(op, "outer, axisSize and inner", outer, axisSize, inner));
        int n = index.length();
        int total = (int) ClStorageChecks.count(op, "outer, the index count and inner", outer, n, inner);
        ClStorageChecks.length(op, "y", y, total);
        ClStorageChecks.distinct(op, "y", y, new String[] {"x", "index"}, x, index);
        if (index.hostCurrent()) {
            IndexSelect.indices(op, index.read(), axisSize);
        }
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer dx = res.read(scope, x), di = res.read(scope, index);
            launcher.launch1d("index_select", select, total, local, dx, di, axisSize, n, inner, res.write(scope, y),
                    total);
            y.deviceWrote();
        }
    }

    void indexSelectBackward(int outer, int axisSize, int inner, Storage inverse, Storage gy, Storage gx) {
        String op = "indexSelectBackward";
        long n = ClStorageChecks.lengthOf(inverse) - axisSize - 1;
        if (inverse == null || axisSize < 0 || n < 0) {
            throw new IllegalArgumentException(op + ": the inverse map must hold " + axisSize
                    + " + 1 offsets and then the positions, got " + (inverse == null ? "null" : inverse.length() + " floats"));
        }
        fitsFloats(op, axisSize, n);
        ClStorageChecks.length(op, "gy", gy, ClStorageChecks.count(op, "outer, the position count and inner", outer,
                (int) n, inner));
        int total = (int) ClStorageChecks.count(op, "outer, axisSize and inner", outer, axisSize, inner);
        ClStorageChecks.length(op, "gx", gx, total);
        ClStorageChecks.distinct(op, "gx", gx, new String[] {"inverse", "gy"}, inverse, gy);
        if (inverse.hostCurrent()) {
            IndexSelect.indicesOf(op, inverse.read(), axisSize);
        }
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer dm = res.read(scope, inverse), dgy = res.read(scope, gy);
            launcher.launch1d("index_select_backward", selectBackward, total, local, dm, dgy, axisSize, (int) n, inner,
                    res.write(scope, gx), total);
            gx.deviceWrote();
        }
    }

    void gatherAxis(int axisSize, int inner, Storage x, Storage index, Storage y) {
        String op = "gatherAxis";
        int n = ClStorageChecks.same(op, new String[] {"index", "y"}, index, y);
        fitsFloats(op, axisSize, 0);
        checkGatherShape(op, axisSize, inner, n);
        ClStorageChecks.length(op, "x", x, ClStorageChecks.count(op, "the index count and axisSize", n, axisSize));
        ClStorageChecks.distinct(op, "y", y, new String[] {"x", "index"}, x, index);
        if (index.hostCurrent()) {
            IndexSelect.indices(op, index.read(), axisSize);
        }
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer dx = res.read(scope, x), di = res.read(scope, index);
            launcher.launch1d("gather_axis", gather, n, local, dx, di, axisSize, inner, res.write(scope, y), n);
            y.deviceWrote();
        }
    }

    void gatherAxisBackward(int axisSize, int inner, Storage index, Storage gy, Storage gx) {
        String op = "gatherAxisBackward";
        int n = ClStorageChecks.same(op, new String[] {"index", "gy"}, index, gy);
        fitsFloats(op, axisSize, 0);
        checkGatherShape(op, axisSize, inner, n);
        int total = (int) ClStorageChecks.count(op, "the index count and axisSize", n, axisSize);
        ClStorageChecks.length(op, "gx", gx, total);
        ClStorageChecks.distinct(op, "gx", gx, new String[] {"index", "gy"}, index, gy);
        if (index.hostCurrent()) {
            IndexSelect.indices(op, index.read(), axisSize);
        }
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer di = res.read(scope, index), dgy = res.read(scope, gy);
            launcher.launch1d("gather_axis_backward", gatherBackward, total, local, di, dgy, axisSize, inner,
                    res.write(scope, gx), total);
            gx.deviceWrote();
        }
    }

    /** Indices, offsets and positions travel as floats: refuse sizes whose values a float does not hold exactly. */
    private static void fitsFloats(String op, int axisSize, long count) {
        if (axisSize > IndexSelect.MAX_DEVICE_INDEX || count > IndexSelect.MAX_DEVICE_INDEX) {
            throw new IllegalArgumentException(op + ": an axis of " + axisSize + " and " + count + " indices exceed"
                    + " the 2^24 that floats hold exactly; pick on the host");
        }
    }

    /** The index count (one per output element) must be whole rows of {@code inner}, and the sizes not negative. */
    private static void checkGatherShape(String op, int axisSize, int inner, int n) {
        if (axisSize < 0 || inner <= 0 || n % inner != 0) {
            throw new IllegalArgumentException(op + ": " + n + " indices are not whole rows of inner " + inner
                    + " (axisSize " + axisSize + ")");
        }
    }

    @Override
    public void close() {
        clReleaseKernel(select);
        clReleaseKernel(selectBackward);
        clReleaseKernel(gather);
        clReleaseKernel(gatherBackward);
    }
}
