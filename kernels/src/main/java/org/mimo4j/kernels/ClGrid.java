package org.mimo4j.kernels;

/**
 * The zero-padded grid of one image for a stride-1, dilation-1 convolution on the grid
 * ({@code conv2d.cl}'s pad_grid, {@code matmul.cl}'s sgemm_shifted): {@code ch} planes of
 * {@link #gh()} x {@link #gw()}, the h x w image at (ph, pw), then a zero tail. Output position
 * q = oy*gw + ox reads tap (c, ky, kx) at q + (c*gh + ky)*gw + kx. A line holds its left padding and the
 * image, and no right padding where the next line's left padding can stand in for it ({@link #lineWidth}).
 *
 * @param tn the GEMM's panel width: the last panel computes up to a multiple of it past the positions
 */
record ClGrid(int ch, int h, int w, int ph, int pw, int kh, int kw, int tn) {
    int gh() {
        return h + 2 * ph;
    }

    int gw() {
        return lineWidth(w, pw, kw);
    }

    /**
     * Floats per grid line for an image w wide padded by pw on both sides under a kernel kw wide: w + pw
     * where pw < kw, the image's left padding only. A window that runs past a line's end reads the next
     * line's first pw floats, which are its left padding, zeros: they serve as this line's right padding.
     * Backward-data pads dY by kw - 1 on both sides, so there no column is computed and dropped (LeNet's
     * 10 x 10 dY: 14-float lines for its 14 output columns, against 18 with both paddings written).
     * Where pw >= kw the line is w + 2 pw - kw + 1, the output width, with the padding past it read the same way.
     */
    static int lineWidth(int w, int pw, int kw) {
        return Math.max(w + pw, w + 2 * pw - kw + 1);
    }

    /** Output width; the grid lines are {@code gw - ow} columns wider, which are computed and dropped. */
    int ow() {
        return w + 2 * pw - kw + 1;
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
