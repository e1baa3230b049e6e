package org.mimo4j.engine.backend;

import java.util.Arrays;

/**
 * A stride-1 convolution's weight gradient on the GEMM microkernel, for inputs whose channels fill whole
 * microkernel panels ({@link #applies}: cin a multiple of {@link Microkernel#nr()}).
 *
 * <p>On the padded grid of a stack of images ({@link PaddedGrid}), dw[co, c, ky, kx] is the sum over output
 * positions q of dy[co, q] times grid[c, q + ky * stride + kx]. Stored transposed, position by position with
 * nr channels side by side (gt[panel][p][j] = grid[panel * nr + j, p]), the grid is already in the packed
 * layout of the microkernel's B operand, and a tap is only an offset into it. So each tap is a GEMM of dy
 * (packed once into A panels) with the transposed grid at the tap's offset, kept in registers as C tiles of
 * mr channels out by nr channels in; nothing is reduced across lanes. The dot-product form
 * ({@link Microkernel#dotTile}) holds its 4 x 3 tile of sums on AVX2 with 4 of them spilled to the stack.
 *
 * <p>Each element's sum runs over the positions in order, block of {@link SgemmCpu#KC} after block, so
 * results do not depend on the thread count.
 */
final class GridWeightTiles {
    /** Per thread: the transposed grid, panels of nr channels. */
    private static final Scratch TRANSPOSED = new Scratch();
    /** Per thread: dy laid out over the grid's positions, then packed as A panels of one block of positions. */
    private static final Scratch LINES = new Scratch();
    private static final Scratch PACKED = new Scratch();
    /** Per thread: the sums per (tap, output channel, input channel). */
    private static final Scratch SUMS = new Scratch();

    private final Microkernel kernel;

    GridWeightTiles(Microkernel kernel) {
        this.kernel = kernel;
    }

    /** Whether the input's channels fill whole panels of nr, so the transposed grid needs no padding channels. */
    boolean applies(Conv2dShape s) {
        return s.inChannels() % kernel.nr() == 0;
    }

    /** acc (+)= the weight gradient of the images of grid g from image n; the first call overwrites. */
    void add(Conv2dShape s, PaddedGrid g, float[] x, float[] dy, int n, float[] acc, boolean overwrite) {
        int nr = kernel.nr(), mr = kernel.mr(), cout = s.outChannels(), cin = s.inChannels();
        int kk = s.kernelH() * s.kernelW(), span = g.span(), coutPadded = (cout + mr - 1) / mr * mr;
        int rowsT = g.hp * g.stride + s.kernelW();
        float[] gt = transpose(g, x, n, TRANSPOSED.get(cin * rowsT), rowsT);
        float[] lines = g.spread(dy, n, cout, LINES.get(cout * span), cout, span);
        float[] sums = SUMS.get(kk * coutPadded * cin);
        Arrays.fill(sums, 0, kk * coutPadded * cin, 0f);
        float[] packed = PACKED.get(coutPadded * SgemmCpu.KC);
        for (int q0 = 0; q0 < span; q0 += SgemmCpu.KC) {
            int kc = Math.min(SgemmCpu.KC, span - q0);
            Packing.packA(false, lines, 0, span, 0, cout, q0, kc, 1f, mr, packed, 0);
            for (int t = 0; t < kk; t++) {
                int shift = q0 + t / s.kernelW() * g.stride + t % s.kernelW();
                for (int panel = 0; panel < cin / nr; panel++) {
                    int bOff = (panel * rowsT + shift) * nr;
                    for (int i0 = 0; i0 < cout; i0 += mr) {
                        kernel.run(kc, packed, i0 * kc, gt, bOff, sums, (t * coutPadded + i0) * cin + panel * nr, cin,
                                Math.min(mr, cout - i0), nr);
                    }
                }
            }
        }
        for (int co = 0; co < cout; co++) {
            for (int c = 0; c < cin; c++) {
                for (int t = 0; t < kk; t++) {
                    int to = (co * cin + c) * kk + t;
                    float v = sums[(t * coutPadded + co) * cin + c];
                    acc[to] = overwrite ? v : acc[to] + v;
                }
            }
        }
    }

    /**
     * gt[panel][p][j] = grid g of images [n, n + stack) of x at position p of channel panel * nr + j, for
     * p < rowsT (the last channel's rows past its plane are zero, as in the grid's tail).
     */
    private float[] transpose(PaddedGrid g, float[] x, int n, float[] gt, int rowsT) {
        int nr = kernel.nr(), plane = g.h * g.w;
        Arrays.fill(gt, 0, g.channels * rowsT, 0f);
        for (int c0 = 0; c0 < g.channels; c0 += nr) {
            int base = c0 * rowsT;
            for (int k = 0; k < g.stack; k++) {
                int image = ((n + k) * g.channels + c0) * plane;
                for (int y = 0; y < g.h; y++) {
                    int p = (g.padH + y) * g.stride + k * g.wp + g.padW;
                    for (int xx = 0; xx < g.w; xx++) {
                        int to = base + (p + xx) * nr, from = image + y * g.w + xx;
                        for (int j = 0; j < nr; j++) {
                            gt[to + j] = x[from + j * plane];
                        }
                    }
                }
            }
        }
        return gt;
    }
}
