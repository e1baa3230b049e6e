// The packing kernels' GPU forms (matmul.cl and conv2d.cl, builds with BK defined) share where a work-item's
// four floats go; ClProgramBuilder.resource puts this file in place of its #include line.
// packed_run: work-item (i, row, b) of the range ClTuning.packGlobal gives fills floats 4i .. 4i + 3 of row
// `row` of entry b in a layout [batch][units][rows][width] (units row blocks or column panels, width TM or
// TN, a multiple of 4). It returns the index of those floats in the packed buffer, or -1 for an item past
// the layout: the launch rounds the range up to whole work-groups.
long packed_run(int units, int rows, int width) {
    int i = 4 * get_global_id(0);
    int row = get_global_id(1);
    int unit = i / width;
    if (unit >= units || row >= rows) {
        return -1;
    }
    return (((long)get_global_id(2) * units + unit) * rows + row) * width + (i - unit * width);
}

// pack_four: dst[0..3] = src[(i + t) * stride] for i + t < count, zero past it: a run of a packed row whose
// floats lie stride apart in the source (pack_a, pack_b, pack_dy).
void pack_four(__global const float* src, int i, int count, long stride, __global float* dst) {
    float v[4];
    for (int t = 0; t < 4; t++) {
        v[t] = i + t < count ? src[(i + t) * stride] : 0.0f;
    }
    vstore4(vload4(0, v), 0, dst);
}
