package org.mimo4j.kernels;

/**
 * The zero-padded grid of one image for a stride-1, dilation-1 convolution on the grid
 * ({@code conv2d.cl}'s pad_grid, {@code matmul.cl}'s sgemm_shifted): {@code ch} planes of
 * {@link #gh()} x {@link #gw()}, the h x w image at (ph, pw), then a zero tail. Output position
 * q = oy*gw + ox reads tap (c, ky, kx) at q + (c*gh + ky)*gw + kx.
 *
 * @param tn the GEMM's panel width: the last panel computes up to a multiple of it past the positions
 */
record ClGrid(int ch, int h, int w, int ph, int pw, int kh, int kw, int tn) {
    int gh() {
        return h + 2 * ph;
    }

    int gw() {
        return w + 2 * pw;
    }

    /** Output width; the grid lines are {@code kw - 1} columns wider, which are computed and dropped. */
    int ow() {
        return gw() - kw + 1;
    }

    int oh() {
        return gh() - kh + 1;
    }

    /** Grid positions the GEMM computes: whole grid lines of the output rows. */
    int positions() {
        return oh() * gw();
    }

    /**
     * Floats from one grid to the next: the planes, then zeros so that the last panel's reads of the
     * last tap, which end at (ch*gh - oh)*gw + kw - 1 + panels*tn, stay inside.
     */
    int stride() {
        int panels = (positions() + tn - 1) / tn;
        return ch * gh() * gw() + panels * tn - positions() + kw - 1;
    }
}
