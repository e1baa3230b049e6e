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

    void run(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, int rows, int cols);
}
