// Max pooling over square windows in NCHW for mimo4j's device-resident training step. OpenCL C 1.2.
// Every kernel gives each element it writes to exactly one work-item (an output forward; an input,
// or a whole window when windows tile the input, backward), in work-groups of ClTuning.local1d, so no
// two items write the same element and no atomics are needed.

// The flat input index of the first maximal element of output (plane, oy, ox)'s window, scanning rows
// then columns with a strict '>' exactly like the host op (ops.nn.MaxPool2d): padding never wins, and
// among equal values the first one does.
int window_argmax(__global const float* x, int plane, int h, int w, int kernel_, int stride, int padding,
                  int oy, int ox) {
    int base = plane * h * w;
    int best = -1;
    for (int ky = 0; ky < kernel_; ky++) {
        int iy = oy * stride - padding + ky;
        if (iy < 0 || iy >= h) {
            continue;
        }
        for (int kx = 0; kx < kernel_; kx++) {
            int ix = ox * stride - padding + kx;
            if (ix >= 0 && ix < w && (best < 0 || x[base + iy * w + ix] > x[best])) {
                best = base + iy * w + ix;
            }
        }
    }
    return best;
}

// y[o] = x[argmax of o's window]; one item per output element o = (plane, oy, ox).
__kernel void max_pool_forward(__global const float* x, int planes, int h, int w, int kernel_, int stride,
                               int padding, int outH, int outW, __global float* y) {
    int o = get_global_id(0);
    if (o >= planes * outH * outW) {
        return;
    }
    int plane = o / (outH * outW);
    int r = o - plane * outH * outW;
    int oy = r / outW;
    int ox = r - oy * outW;
    y[o] = x[window_argmax(x, plane, h, w, kernel_, stride, padding, oy, ox)];
}

// gx[i] = sum of gy[o] over the outputs o whose window's first argmax is i. A gather: item i visits
// only the windows that cover it (at most ceil(k/s)^2), recomputes each one's argmax from x instead
// of reading saved indices, and adds in increasing o, the order in which the host op scatters, so
// the sums agree bitwise with the host. Recomputing costs k^2 reads per covering window, cheap next
// to the convolutions around it, and saves the forward an index buffer and the backward atomics.
__kernel void max_pool_backward(__global const float* x, __global const float* gy, int planes, int h, int w,
                                int kernel_, int stride, int padding, int outH, int outW, __global float* gx) {
    int i = get_global_id(0);
    if (i >= planes * h * w) {
        return;
    }
    int plane = i / (h * w);
    int r = i - plane * h * w;
    int iy = r / w;
    int ix = r - iy * w;
    // window oy covers rows [oy*stride - padding, oy*stride - padding + kernel)
    int oy0 = max(0, (iy + padding - kernel_ + stride) / stride);
    int oy1 = min(outH - 1, (iy + padding) / stride);
    int ox0 = max(0, (ix + padding - kernel_ + stride) / stride);
    int ox1 = min(outW - 1, (ix + padding) / stride);
    float acc = 0.0f;
    for (int oy = oy0; oy <= oy1; oy++) {
        for (int ox = ox0; ox <= ox1; ox++) {
            if (window_argmax(x, plane, h, w, kernel_, stride, padding, oy, ox) == i) {
                acc += gy[(plane * outH + oy) * outW + ox];
            }
        }
    }
    gx[i] = acc;
}

// The backward for windows that tile the input exactly (stride = kernel, no padding, kernel dividing h
// and w: every input in exactly one window, as in the usual 2x2 pooling). One item per window writes
// its whole window: gy[o] at the first argmax, zero elsewhere. It reads each window once instead of
// once per input element, with none of the gather's divisions; each input still receives exactly the
// host's value (0 + gy[o], or 0), so the two kernels agree bitwise.
__kernel void max_pool_backward_tiled(__global const float* x, __global const float* gy, int planes, int h,
                                      int w, int kernel_, int outH, int outW, __global float* gx) {
    int o = get_global_id(0);
    if (o >= planes * outH * outW) {
        return;
    }
    int plane = o / (outH * outW);
    int r = o - plane * outH * outW;
    int oy = r / outW;
    int ox = r - oy * outW;
    int best = window_argmax(x, plane, h, w, kernel_, kernel_, 0, oy, ox);
    float g = gy[o];
    int base = plane * h * w;
    for (int ky = 0; ky < kernel_; ky++) {
        for (int kx = 0; kx < kernel_; kx++) {
            int i = base + (oy * kernel_ + ky) * w + ox * kernel_ + kx;
            gx[i] = i == best ? g : 0.0f;
        }
    }
}

// ---- Average pooling (ops.nn.AvgPool2d: padding counts as zeros, every window divides by k^2) ----

// y[o] = (sum of o's window, rows then columns, as the host loop) * inv, inv = 1 / kernel^2 computed
// once on the host; one item per output element.
__kernel void avg_pool_forward(__global const float* x, int planes, int h, int w, int kernel_, int stride,
                               int padding, int outH, int outW, float inv, __global float* y) {
    int o = get_global_id(0);
    if (o >= planes * outH * outW) {
        return;
    }
    int plane = o / (outH * outW);
    int r = o - plane * outH * outW;
    int oy = r / outW;
    int ox = r - oy * outW;
    int base = plane * h * w;
    float acc = 0.0f;
    for (int ky = 0; ky < kernel_; ky++) {
        int iy = oy * stride - padding + ky;
        for (int kx = 0; kx < kernel_ && iy >= 0 && iy < h; kx++) {
            int ix = ox * stride - padding + kx;
            if (ix >= 0 && ix < w) {
                acc += x[base + iy * w + ix];
            }
        }
    }
    y[o] = acc * inv;
}

// gx[i] = sum of gy[o] * inv over the windows o covering i: a gather like max_pool_backward (the
// covering windows only, at most ceil(k/s)^2, in increasing o: the order in which the host scatters),
// so overlapping windows need no atomics.
__kernel void avg_pool_backward(__global const float* gy, int planes, int h, int w, int kernel_, int stride,
                                int padding, int outH, int outW, float inv, __global float* gx) {
    int i = get_global_id(0);
    if (i >= planes * h * w) {
        return;
    }
    int plane = i / (h * w);
    int r = i - plane * h * w;
    int iy = r / w;
    int ix = r - iy * w;
    int oy0 = max(0, (iy + padding - kernel_ + stride) / stride);
    int oy1 = min(outH - 1, (iy + padding) / stride);
    int ox0 = max(0, (ix + padding - kernel_ + stride) / stride);
    int ox1 = min(outW - 1, (ix + padding) / stride);
    float acc = 0.0f;
    for (int oy = oy0; oy <= oy1; oy++) {
        for (int ox = ox0; ox <= ox1; ox++) {
            acc += gy[(plane * outH + oy) * outW + ox] * inv;
        }
    }
    gx[i] = acc;
}
