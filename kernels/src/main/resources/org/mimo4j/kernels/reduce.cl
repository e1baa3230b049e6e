// Reductions of mimo4j's device-resident training step (bias gradients). OpenCL C 1.2, no atomics.
// sum_columns gives a short column to one work-item, which adds it up in row order, as the host loop
// does. sum_rows and sum_planes give each output element one work-group: its L = get_local_size(0)
// items (ClTuning.local1d) stride over the summed elements, item t taking elements t, t + L, t + 2L,
// ... in order, then the L partial sums are folded pairwise in local memory. Every output has a fixed
// summation order that depends only on L, so results are bitwise reproducible run to run (no atomics,
// no scheduling dependence), and the strided start keeps a GPU's loads coalesced within a work-group.
// The error bound is that of a sum of count/L + log2(L) terms, better than the host's sequential loop.

#include "fold.h"

// y[c] = sum over r of x[r, c] for a row-major [rows, cols] x; work-group c.
__kernel void sum_rows(__global const float* x, int rows, int cols, __global float* y, __local float* part) {
    int c = get_group_id(0);
    int t = get_local_id(0);
    float acc = 0.0f;
    for (int r = t; r < rows; r += get_local_size(0)) {
        acc += x[(long)r * cols + c];
    }
    part[t] = acc;
    fold(part);
    if (t == 0) {
        y[c] = part[0];
    }
}

// y[c] = sum over r of x[r, c] with one work-item per column, rows in order (ClReduce.sumRows takes it
// for short columns, such as a Linear layer's bias gradient over a batch): no local memory and no
// barriers, and adjacent items read adjacent floats, which a GPU coalesces and PoCL turns into vector
// loads across the items of a group. On PoCL, sum_rows's groups paid one pass of their item loop per
// barrier of the fold: 88-131 us for the AV-Digits step's 64 x 128-256 bias gradients.
__kernel void sum_columns(__global const float* x, int rows, int cols, __global float* y) {
    int c = get_global_id(0);
    if (c >= cols) {
        return;
    }
    float acc = 0.0f;
    for (int r = 0; r < rows; r++) {
        acc += x[(long)r * cols + c];
    }
    y[c] = acc;
}

// y[c] = sum over images i and positions p of x[i, c, p] for x [n, channels, plane]; work-group c.
// Each plane is cut into runs of 16 floats: item t sums runs t, t + L, t + 2L, ... of image 0, then
// of image 1, and so on, as float16 lanes (lane l takes the run's element l), and the plane's last
// plane % 16 floats, which lie in the run of one item, one by one; its lanes are then added pairwise
// (halves folded into halves) and its loose floats last. A fixed order for a given L, as the header
// says (though not the header's element order), and no longer chains than a sequential sum of the
// n * plane terms, whose bound the parity test allows. The vector loads are written
// out because PoCL runs a work-item's loop item by item: the one-float-per-round loop of before
// (which the compiler could not turn into vector loads across items) took about 3.5 times a copy of
// x, 0.14-0.26 ms over 32 x 16 x 784 floats, and this one 0.04-0.05 ms.
__kernel void sum_planes(__global const float* x, int n, int channels, int plane, __global float* y,
                         __local float* part) {
    int c = get_group_id(0);
    int t = get_local_id(0);
    int stride = 16 * get_local_size(0);
    float16 lanes = (float16) 0.0f;
    float loose = 0.0f;
    for (int i = 0; i < n; i++) {
        __global const float* src = x + (long) (i * channels + c) * plane;
        int q = 16 * t;
        for (; q + 16 <= plane; q += stride) {
            lanes += vload16(0, src + q);
        }
        for (; q < plane; q++) {
            loose += src[q];
        }
    }
    float8 eight = lanes.lo + lanes.hi;
    float4 quarter = eight.lo + eight.hi;
    float acc = (quarter.x + quarter.z) + (quarter.y + quarter.w) + loose;
    part[t] = acc;
    fold(part);
    if (t == 0) {
        y[c] = part[0];
    }
}
