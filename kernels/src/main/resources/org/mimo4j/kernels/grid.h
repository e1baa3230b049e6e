// Zero-padded grids (conv2d.cl's pad_grid) as the convolutions on them read them: matmul.cl's sgemm_shifted
// and conv2d.cl's conv_lanes and conv_dw kernels. ClProgramBuilder.resource puts this file in place of its
// #include line.

// The offset in an image's grid (planes gh x gw) of kernel tap (ci, ky, kx) = tap, numbered ci-major.
inline int tap_offset(int tap, int gh, int gw, int kh, int kw) {
    int ci = tap / (kh * kw);
    int r = tap - ci * kh * kw;
    int ky = r / kw;
    return (ci * gh + ky) * gw + r - ky * kw;
}

// The kernel rows [x, y) that output rows oy0 .. oy1 read where grid rows [top, top + rows) hold the
// image (output row oy's kernel row ky reads grid row oy + ky): the others read padding only. Empty
// (x == y) where all do.
inline int2 tap_rows(int oy0, int oy1, int kh, int top, int rows) {
    int lo = clamp(top - oy1, 0, kh);
    return (int2)(lo, max(lo, min(kh, top + rows - oy0)));
}
