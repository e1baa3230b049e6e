package org.mimo4j.engine.backend;

/**
 * The innermost loop of {@link SgemmCpu}: C[rows x cols] += Apanel * Bpanel for one register tile.
 * Apanel holds {@code kc} columns of {@link #mr()} packed rows (one column after another), Bpanel
 * {@code kc} rows of {@link #nr()} packed columns; both are zero-padded past the matrix edge, and
 * {@code rows <= mr}, {@code cols <= nr} say how much of the tile lies inside C.
 */
interface Microkernel {

    /** Rows of the register tile. */
    int mr();

    /** Columns of the register tile. */
    int nr();

    /** Short description for {@link CpuBackend#device()}. */
    String describe();

    /**
     * The tile's sums onto C, or with {@code store} over it: C's old values are then neither read nor kept (the
     * first block of k of a product with beta = 0, which so needs no zero-fill of C first).
     */
    void run(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, int rows, int cols,
             boolean store);

    /**
     * As {@link #run}, with B read in place instead of packed: row p of B is the {@link #nr()} floats from
     * {@code b[bOff + rowStart[rOff + p]]}. For a stride-1 convolution that row is the zero-padded input
     * shifted by one kernel tap ({@link PaddedGridConv}). All {@code nr} floats of every row are read,
     * also when {@code cols < nr}, so they must lie inside {@code b}.
     */
    void runShifted(int kc, float[] ap, int aOff, float[] b, int bOff, int[] rowStart, int rOff, float[] c, int cOff,
                    int ldc, int rows, int cols);

    /** Rows of a {@link #runShiftedRows} tile. */
    int shiftedRows();

    /**
     * A whole tile C[r][j] += the sum over p < kc, in order, of a[aOff + rowStart[rOff + r] + p] times
     * bp[bOff + p * nr() + j], for r < {@link #shiftedRows()} and j < {@link #nr()}: {@link #run} with row r of
     * A read in place as the {@code kc} floats from its own start, and B a packed panel. For a stride-1
     * convolution's weight gradient a row is one kernel tap's shifted window of the padded input and B is dy
     * with the output channels across ({@link PaddedGridConv#weightGradientOnTapRows}): each sum stays in a
     * register lane, with no reduction across lanes as in {@link #dotTile}. The whole tile is added to, so
     * {@code c} and {@code rowStart} must have room for {@link #shiftedRows()} rows.
     */
    void runShiftedRows(int kc, float[] a, int aOff, int[] rowStart, int rOff, float[] bp, int bOff, float[] c,
                        int cOff, int ldc);

    /** The most columns of a {@link #dotTile} of any microkernel. */
    int MAX_DOT_COLS = 4;

    /** Rows of a {@link #dotTile}: dot products of one a row each. */
    int dotRows();

    /** Columns of a {@link #dotTile}, at most {@link #MAX_DOT_COLS}: dot products of one b window each. */
    int dotCols();

    /**
     * out[outOff + i * ldo + j] = the dot product over q < len of a[aOff + i * lda + q] and
     * b[bOff + bStart[bs0 + j] + q], for i < {@link #dotRows()} and j < {@link #dotCols()}: that many long
     * dot products at once, for a convolution's weight gradient (dy rows against shifted windows of the
     * padded input, {@link PaddedGridConv}). {@code len} is a multiple of {@link #nr()}; lanes are summed in
     * a fixed order.
     */
    void dotTile(int len, float[] a, int aOff, int lda, float[] b, int bOff, int[] bStart, int bs0, float[] out,
                 int outOff, int ldo);

    /** Output positions of a {@link #laneTile}: consecutive pixels of one output line. */
    int LANE_ROWS = 12;

    /** Output channels of a {@link #laneTile}: the vector length (4 for the scalar kernel). */
    int lanes();

    /**
     * tile[r * lanes() + j] = the sum over p < kc, in order from zero, of grid[gOff + r + offsets[oOff + p]]
     * times w[wOff + p * lanes() + j], for r < {@link #LANE_ROWS} and j < {@link #lanes()}: a convolution's
     * register tile with output channels across the lanes ({@link ChannelLanesConv}) rather than down the
     * rows as in {@link #runShifted}. Each multiply-add reads one input float, broadcast, so it pays only
     * where the other layout would waste more: few channels on images a little wider than the output.
     * The grid must hold LANE_ROWS - 1 floats past the last offset read.
     */
    void laneTile(int kc, float[] w, int wOff, float[] grid, int gOff, int[] offsets, int oOff, float[] tile);
}
