// Reductions of mimo4j's device-resident training step (bias gradients). OpenCL C 1.2, no atomics.
// One work-group per output element: its L = get_local_size(0) items (ClTuning.local1d) stride over
// the summed elements, item t taking elements t, t + L, t + 2L, ... in order, then the L partial sums
// are folded pairwise in local memory. Every output has a fixed summation order that depends only on
// L, so results are bitwise reproducible run to run (no atomics, no scheduling dependence), and the
// strided start keeps a GPU's loads coalesced within a work-group. The error bound is that of a sum of
// count/L + log2(L) terms, better than the host's sequential float loop.

// Folds part[0, L) into part[0] in a fixed order for any L (not only powers of two); all items call it.
void fold(__local float* part) {
    int t = get_local_id(0);
    for (int s = get_local_size(0); s > 1;) {
        int h = (s + 1) / 2;
        barrier(CLK_LOCAL_MEM_FENCE);
        if (t < s - h) {
            part[t] += part[t + h];
        }
        s = h;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

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

// y[c] = sum over images i and positions p of x[i, c, p] for x [n, channels, plane]; work-group c.
// The n * plane summed elements are walked as one index j = i * plane + p. Every item runs the same
// number of rounds (the last one masked where j passes the end) and advances (i, p) by the stride's
// quotient and remainder instead of dividing j: so PoCL can run the items of a group as the lanes of
// vector loads (the loop with per-item trip counts and a division per element ran item by item, at
// about twice the time of a copy of x). The order of the terms is the same as before.
__kernel void sum_planes(__global const float* x, int n, int channels, int plane, __global float* y,
                         __local float* part) {
    int c = get_group_id(0);
    int t = get_local_id(0);
    int stride = get_local_size(0);
    int count = n * plane;
    int rounds = (count + stride - 1) / stride;
    int di = stride / plane;
    int dp = stride - di * plane;
    int i = t / plane;
    int p = t - i * plane;
    float acc = 0.0f;
    for (int k = 0; k < rounds; k++) {
        if (t + k * stride < count) {
            acc += x[(i * channels + c) * plane + p];
        }
        i += di;
        p += dp;
        if (p >= plane) {
            p -= plane;
            i++;
        }
    }
    part[t] = acc;
    fold(part);
    if (t == 0) {
        y[c] = part[0];
    }
}
