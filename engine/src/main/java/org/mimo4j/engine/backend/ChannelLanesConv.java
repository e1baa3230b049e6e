package org.mimo4j.engine.backend;

import java.util.Arrays;

/**
 * Stride-1 forward on the zero-padded grid ({@link PaddedGrid}) with the output channels across the
 * vector lanes: a register tile is {@link Microkernel#LANE_ROWS} consecutive pixels of one output line
 * by {@link Microkernel#lanes()} channels ({@link Microkernel#laneTile}).
 *
 * <p>Why a second layout: {@link PaddedGridConv} puts grid positions across the lanes, so it computes
 * the kw - 1 dropped columns of every grid line and rounds channels up to the tile's rows. For LeNet's
 * second layer on 14x14 (6 -> 16 channels, 5x5) that keeps 100 of 140 positions, of 160 computed,
 * and 16 of 18 rows: 56 % of its multiply-adds count. Here a line of 10 pixels is one tile of 12 and the
 * 16 channels fill the 16 lanes: 83 %. The price is a broadcast per multiply-add ({@link #LANE_COST});
 * {@link #pays} weighs the two per layer. That count is for a 6-row tile (AVX2, and AVX-512 before its
 * 8-row tile): with 8 rows the 16 channels are two whole tiles, {@link #pays} says no, and the other
 * layout measured 137-139 us against this one's 176-177 (1 thread, batch 32). It still pays for some
 * layers with few channels on small images (75 of 4,304 stride-1 shapes swept on AVX-512, 418 on AVX2).
 *
 * <p>Each output sums its taps from zero in order, block of {@link SgemmCpu#KC} after block, onto the
 * bias: the order of the other layouts, so the bits are theirs.
 */
final class ChannelLanesConv {
    /** Per thread: the zero-padded image. */
    private static final Scratch GRID = new Scratch();
    /** Per thread: one register tile, pixels by channels. */
    private static final Scratch TILE = new Scratch();
    /** Per calling thread: the kernel with the channels innermost, read by every image. */
    private static final Scratch WEIGHTS = new Scratch();
    /**
     * Time of a lane-tile multiply-add over a {@link Microkernel#runShifted} one. Measured on one thread
     * with AVX-512 over ten stride-1 layers (batch 32, each layout's whole forward): 1.0-1.3 for layers of
     * 54 taps or more, about 1.8 for those of 9 to 27 taps (short sums, the stores weigh more). With 1.4
     * the lanes layout is chosen exactly where it measured faster: of the ten, LeNet's 6 -> 16 on 14x14
     * (0.76x the time of the other layout).
     */
    static final double LANE_COST = 1.4;

    private final Microkernel kernel;
    private final WorkerPool pool;

    ChannelLanesConv(Microkernel kernel, WorkerPool pool) {
        this.kernel = kernel;
        this.pool = pool;
    }

    /** Whether this layout costs less than {@link PaddedGridConv}'s for the forward of {@code s} on {@code kernel}. */
    static boolean pays(Conv2dShape s, Microkernel kernel) {
        return pays(s, kernel.mr(), kernel.nr(), kernel.lanes());
    }

    /**
     * {@link #pays} for a kernel of mr x nr register tiles and {@code lanes}-wide lane tiles: the
     * multiply-adds each layout computes per image and tap, tiles rounded up, the lane tile's weighted by
     * {@link #LANE_COST}.
     */
    static boolean pays(Conv2dShape s, int mr, int nr, int lanes) {
        long span = (long) s.outH() * (s.inW() + 2 * s.padW());
        long rowsLayout = roundUp(s.outChannels(), mr) * roundUp(span, nr);
        long lanesLayout = roundUp(s.outChannels(), lanes) * s.outH() * roundUp(s.outW(), Microkernel.LANE_ROWS);
        return PaddedGridConv.forwardApplies(s) && lanesLayout * LANE_COST < rowsLayout;
    }

    private static long roundUp(long value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** y = w * x + bias. */
    void forward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        PaddedGrid g = PaddedGridConv.inputGrid(s, 1);
        float[] packed = pack(w, s.outChannels(), g.taps);
        pool.forEach(s.n(), n -> convolve(g, s.outChannels(), x, n, packed, bias, y));
    }

    /** wl[(group * taps + t) * lanes + j] = w[group * lanes + j, t]; zero past the last channel. */
    private float[] pack(float[] w, int cout, int taps) {
        int lanes = kernel.lanes(), groups = (cout + lanes - 1) / lanes;
        float[] packed = WEIGHTS.get(groups * taps * lanes);
        Arrays.fill(packed, 0, groups * taps * lanes, 0f);
        for (int group = 0; group < groups; group++) {
            for (int j = 0; j < lanes && group * lanes + j < cout; j++) {
                int from = (group * lanes + j) * taps, to = group * taps * lanes + j;
                for (int t = 0; t < taps; t++) {
                    packed[to + t * lanes] = w[from + t];
                }
            }
        }
        return packed;
    }

    /** Image n, every group of channels, line and tile. */
    private void convolve(PaddedGrid g, int cout, float[] x, int n, float[] packed, float[] bias, float[] y) {
        int lanes = kernel.lanes(), rows = Microkernel.LANE_ROWS;
        float[] grid = g.fill(GRID.get(g.gridFloats(rows)), x, n, rows);
        float[] tile = TILE.get(rows * lanes);
        for (int c0 = 0; c0 < cout; c0 += lanes) {
            for (int p0 = 0; p0 < g.taps; p0 += SgemmCpu.KC) {
                int kc = Math.min(SgemmCpu.KC, g.taps - p0), wOff = (c0 / lanes * g.taps + p0) * lanes;
                for (int oy = 0; oy < g.outH; oy++) {
                    for (int ox0 = 0; ox0 < g.outW; ox0 += rows) {
                        kernel.laneTile(kc, packed, wOff, grid, oy * g.stride + ox0, g.offsets, p0, tile);
                        store(g, cout, tile, n, c0, oy, ox0, bias, p0 == 0, y);
                    }
                }
            }
        }
    }

    /**
     * y[n, c0 + j, oy, ox0 + r] := (the bias, or 0, on the first block of taps; else itself) + tile[r, j]
     * for the pixels and channels inside the output.
     */
    private void store(PaddedGrid g, int cout, float[] tile, int n, int c0, int oy, int ox0, float[] bias, boolean first,
                       float[] y) {
        int lanes = kernel.lanes(), outW = g.outW;
        int pixels = Math.min(Microkernel.LANE_ROWS, outW - ox0), channels = Math.min(lanes, cout - c0);
        for (int j = 0; j < channels; j++) {
            int co = c0 + j, at = ((n * cout + co) * g.outH + oy) * outW + ox0;
            if (first) {
                float base = bias == null ? 0f : bias[co];
                for (int r = 0; r < pixels; r++) {
                    y[at + r] = base + tile[r * lanes + j];
                }
            } else {
                for (int r = 0; r < pixels; r++) {
                    y[at + r] += tile[r * lanes + j];
                }
            }
        }
    }
}
