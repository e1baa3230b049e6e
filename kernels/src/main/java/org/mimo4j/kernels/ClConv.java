package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.Conv2dShape;

/**
 * Convolution forward, backward-data and backward-weight on device buffers, as GEMMs over column
 * matrices that {@code conv2d.cl} packs straight from the image (see there for why). One group at a
 * time; for the usual groups=1 that is 3 launches forward, 4 backward-data and 3 backward-weight.
 */
final class ClConv implements AutoCloseable {
    private final ClLauncher launcher;
    private final ClTuning tuning;
    private final ClGemm gemm;
    private final cl_kernel packCols;
    private final cl_kernel packColsT;
    private final cl_kernel packDy;
    private final cl_kernel col2im;

    ClConv(ClLauncher launcher, ClTuning tuning, ClGemm gemm, cl_program conv) {
        this.launcher = launcher;
        this.tuning = tuning;
        this.gemm = gemm;
        this.packCols = clCreateKernel(conv, "pack_cols", null);
        this.packColsT = clCreateKernel(conv, "pack_cols_t", null);
        this.packDy = clCreateKernel(conv, "pack_dy", null);
        this.col2im = clCreateKernel(conv, "col2im", null);
    }

    /** Rows of one group's column matrix: cinG * kh * kw. */
    private static int kdim(Conv2dShape s) {
        return s.inChannels() / s.groups() * s.kernelH() * s.kernelW();
    }

    private static int positions(Conv2dShape s) {
        return s.outH() * s.outW();
    }

    private static Object[] geometry(Conv2dShape s) {
        return new Object[] {s.inH(), s.inW(), s.kernelH(), s.kernelW(), s.strideH(), s.strideW(),
            s.padH(), s.padW(), s.dilationH(), s.dilationW(), s.outH(), s.outW()};
    }

    /** Kernel arguments: a prefix, then the geometry, then a suffix. */
    private static Object[] args(Object[] head, Conv2dShape s, Object... tail) {
        Object[] g = geometry(s);
        Object[] all = new Object[head.length + g.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(g, 0, all, head.length, g.length);
        System.arraycopy(tail, 0, all, head.length + g.length, tail.length);
        return all;
    }

    void forward(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer w, ClBuffer bias, ClBuffer y) {
        int k = kdim(s), p = positions(s), coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        int panels = gemm.panels(p), image = s.inChannels() * s.inH() * s.inW();
        ClBuffer bp = scope.buffer(gemm.packedBSize(k, p, s.n()));
        for (int g = 0; g < s.groups(); g++) {
            ClBuffer wp = gemm.packA(scope, coutG, k, ClMatrix.rowMajor(w, g * coutG * k, k, 0), 1);
            launcher.launch("pack_cols", packCols, new long[] {panels, k, s.n()}, tuning.packLocal(),
                    args(new Object[] {x, g * cinG * s.inH() * s.inW(), image}, s, k, p, panels, bp));
            gemm.multiplyPacked(coutG, p, k, 1f, wp, true, bp, 0f,
                    ClMatrix.rowMajor(y, g * coutG * p, p, s.outChannels() * p), s.n(), bias, g * coutG);
        }
    }

    void backwardData(ClScope scope, Conv2dShape s, ClBuffer dy, ClBuffer w, ClBuffer dx) {
        int k = kdim(s), p = positions(s), coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        ClBuffer dcol = scope.buffer((long) s.n() * k * p);
        for (int g = 0; g < s.groups(); g++) {
            gemm.multiply(scope, k, p, coutG, 1f, ClMatrix.rowMajor(w, g * coutG * k, k, 0).t(),
                    ClMatrix.rowMajor(dy, g * coutG * p, p, s.outChannels() * p), 0f,
                    ClMatrix.rowMajor(dcol, 0, p, k * p), s.n());
            launcher.launch("col2im", col2im, new long[] {(long) s.inH() * s.inW(), cinG, s.n()},
                    new long[] {tuning.local1d(), 1, 1},
                    args(new Object[] {dcol}, s, cinG, k, p, dx, g * cinG * s.inH() * s.inW(),
                            s.inChannels() * s.inH() * s.inW()));
        }
    }

    void backwardWeight(ClScope scope, Conv2dShape s, ClBuffer x, ClBuffer dy, ClBuffer dw) {
        int k = kdim(s), p = positions(s), coutG = s.outChannels() / s.groups(), cinG = s.inChannels() / s.groups();
        int rows = s.n() * p, panels = gemm.panels(k), blocks = gemm.blocks(coutG);
        ClBuffer ap = scope.buffer(gemm.packedASize(coutG, rows, 1));
        ClBuffer bp = scope.buffer(gemm.packedBSize(rows, k, 1));
        for (int g = 0; g < s.groups(); g++) {
            launcher.launch("pack_dy", packDy, new long[] {blocks, rows, 1}, tuning.packLocal(),
                    dy, g * coutG * p, s.outChannels() * p, coutG, p, rows, blocks, ap);
            launcher.launch("pack_cols_t", packColsT, new long[] {panels, rows, 1}, tuning.packLocal(),
                    args(new Object[] {x, g * cinG * s.inH() * s.inW(), s.inChannels() * s.inH() * s.inW()}, s,
                            k, p, rows, panels, bp));
            gemm.multiplyPacked(coutG, k, rows, 1f, ap, false, bp, 0f,
                    ClMatrix.rowMajor(dw, g * coutG * k, k, 0), 1, null, 0);
        }
    }

    @Override
    public void close() {
        clReleaseKernel(packCols);
        clReleaseKernel(packColsT);
        clReleaseKernel(packDy);
        clReleaseKernel(col2im);
    }
}
