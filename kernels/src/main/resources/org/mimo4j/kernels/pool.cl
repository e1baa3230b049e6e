// Max pooling over square windows in NCHW for mimo4j's device-resident training step. OpenCL C 1.2.
// Every kernel gives each element it writes to exactly one work-item (an output forward; an input,
// or a whole window when windows tile the input, backward), in work-groups of ClTuning.local1d, so no
// two items write the same element and no atomics are needed.

// maxPool2d(relu(x)) in one pass (DeviceKernels' relu flag, ops.nn.MaxPool2d.afterRelu): max0 of each
// maximum forward, and backward pass_if_positive at the window's maximum on its gradient.
#include "relu.h"

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

// y[o] = x[argmax of o's window] (relu of it with relu set); one item per output element o = (plane, oy, ox).
__kernel void max_pool_forward(__global const float* x, int planes, int h, int w, int kernel_, int stride,
                               int padding, int outH, int outW, __global float* y, int relu) {
    int o = get_global_id(0);
    if (o >= planes * outH * outW) {
        return;
    }
    int plane = o / (outH * outW);
    int r = o - plane * outH * outW;
    int oy = r / outW;
    int ox = r - oy * outW;
    float m = x[window_argmax(x, plane, h, w, kernel_, stride, padding, oy, ox)];
    y[o] = relu ? max0(m) : m;
}

// gx[i] = sum of gy[o] over the outputs o whose window's first argmax is i. A gather: item i visits
// only the windows that cover it (at most ceil(k/s)^2), recomputes each one's argmax from x instead
// of reading saved indices, and adds in increasing o, the order in which the host op scatters, so
// the sums agree bitwise with the host. Recomputing costs k^2 reads per covering window, cheap next
// to the convolutions around it, and saves the forward an index buffer and the backward atomics.
__kernel void max_pool_backward(__global const float* x, __global const float* gy, int planes, int h, int w,
                                int kernel_, int stride, int padding, int outH, int outW, __global float* gx,
                                int relu) {
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
                float g = gy[(plane * outH + oy) * outW + ox];
                acc += relu ? pass_if_positive(x[i], g) : g;
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
                                      int w, int kernel_, int outH, int outW, __global float* gx, int relu) {
    int o = get_global_id(0);
    if (o >= planes * outH * outW) {
        return;
    }
    int plane = o / (outH * outW);
    int r = o - plane * outH * outW;
    int oy = r / outW;
    int ox = r - oy * outW;
    int best = window_argmax(x, plane, h, w, kernel_, kernel_, 0, oy, ox);
    float g = relu ? pass_if_positive(x[best], gy[o]) : gy[o];
    int base = plane * h * w;
    for (int ky = 0; ky < kernel_; ky++) {
        for (int kx = 0; kx < kernel_; kx++) {
            int i = base + (oy * kernel_ + ky) * w + ox * kernel_ + kx;
            gx[i] = i == best ? g : 0.0f;
        }
    }
}

// ---- 2x2 windows of stride 2 without padding, the usual pooling: the results of the general kernels
// above, with each window read as four loads and compares instead of window_argmax's loop of bounds
// checks, and the output index split without integer divisions (idiv: CPUs have no vector integer
// division, so each lane's is done on its own).

// n / d for 0 <= n < 2^30 and d >= 1, exactly, without an integer division. A float estimate of the
// quotient is within a few hundred of it (float keeps 24 bits; 1 / d is within 2.5 ulp, OpenCL 1.2
// section 7.4), the remainder it leaves is then below 2^24 in magnitude, so a second estimate from
// it is off by at most one, and the last step corrects that exactly in integers.
int idiv(int n, int d) {
    float inv = 1.0f / (float) d;
    int q = (int) ((float) n * inv);
    q += (int) ((float) (n - q * d) * inv);
    int r = n - q * d;
    return q + (r >= d) - (r < 0);
}

// The flat index of the first maximal element of the 2x2 window whose top-left element is x[i]:
// window_argmax's row-major scan with its strict '>', unrolled.
int argmax_2x2(__global const float* x, int i, int w) {
    int best = i;
    float top = x[i];
    if (x[i + 1] > top) {
        best = i + 1;
        top = x[i + 1];
    }
    if (x[i + w] > top) {
        best = i + w;
        top = x[i + w];
    }
    if (x[i + w + 1] > top) {
        best = i + w + 1;
    }
    return best;
}

// The 2x2 kernels run on a two-dimensional range: item (pair, row) takes the two windows ox = 2 pair,
// 2 pair + 1 of output row row = plane * outH + oy, as float4 loads of its two input rows and float2
// selects, so the vector code is written out instead of left to the compiler; a row's last window of
// an odd outW is done alone. PoCL's vectorizing of the one-window-per-item kernels across items
// (gathers of stride 2 at indices from idiv) ran a forward over 100k windows at 0.27 ms and its
// backward at 0.33 ms in isolation; four windows per item in float8 loads, at 0.10 ms each, still took
// 0.15 and 0.27-0.29 ms in the small CNN's step (where a row of 14 windows left a tail of two done one
// by one), and two windows per item 0.13 and 0.13-0.15 ms. The maxima and their ties are argmax_2x2's:
// each select takes the later element only where it is strictly greater.

// max_pool_forward for 2x2 windows of stride 2 without padding (any h and w: a last odd row or column
// lies in no window).
__kernel void max_pool_forward_2x2(__global const float* x, int planes, int h, int w, int outH, int outW,
                                   __global float* y, int relu) {
    int ox = 2 * get_global_id(0);
    int row = get_global_id(1);
    if (row >= planes * outH || ox >= outW) {
        return;
    }
    int plane = idiv(row, outH);
    int i = (plane * h + 2 * (row - plane * outH)) * w + 2 * ox;
    int o = row * outW + ox;
    if (ox + 2 <= outW) {
        float4 top = vload4(0, x + i), bottom = vload4(0, x + i + w);
        float2 m = select(top.even, top.odd, top.odd > top.even);
        m = select(m, bottom.even, bottom.even > m);
        m = select(m, bottom.odd, bottom.odd > m);
        vstore2(relu ? max02(m) : m, 0, y + o);
        return;
    }
    float m = x[argmax_2x2(x, i, w)]; // the last window of an odd row
    y[o] = relu ? max0(m) : m;
}

// max_pool_backward_tiled for 2x2 windows of stride 2 that tile the input (h and w even, so input row
// 2 row is the top of output row row).
__kernel void max_pool_backward_2x2(__global const float* x, __global const float* gy, int planes, int h, int w,
                                    int outH, int outW, __global float* gx, int relu) {
    int ox = 2 * get_global_id(0);
    int row = get_global_id(1);
    if (row >= planes * outH || ox >= outW) {
        return;
    }
    int i = 2 * row * w + 2 * ox;
    int o = row * outW + ox;
    if (ox + 2 <= outW) {
        float4 top = vload4(0, x + i);
        float4 bottom = vload4(0, x + i + w);
        int2 best = (int2) 0; // which of the window's four elements: 0 top left .. 3 bottom right
        float2 m = top.even;
        int2 greater = top.odd > m;
        best = select(best, (int2) 1, greater);
        m = select(m, top.odd, greater);
        greater = bottom.even > m;
        best = select(best, (int2) 2, greater);
        m = select(m, bottom.even, greater);
        greater = bottom.odd > m;
        best = select(best, (int2) 3, greater);
        m = select(m, bottom.odd, greater);
        float2 g = vload2(0, gy + o);
        g = relu ? pass_if_positive2(m, g) : g;
        float2 zero = (float2) 0.0f;
        float4 gtop;
        float4 gbottom;
        gtop.even = select(zero, g, best == 0);
        gtop.odd = select(zero, g, best == 1);
        gbottom.even = select(zero, g, best == 2);
        gbottom.odd = select(zero, g, best == 3);
        vstore4(gtop, 0, gx + i);
        vstore4(gbottom, 0, gx + i + w);
        return;
    }
    int best = argmax_2x2(x, i, w); // the last window of an odd row
    float g = relu ? pass_if_positive(x[best], gy[o]) : gy[o];
    gx[i] = i == best ? g : 0.0f;
    gx[i + 1] = i + 1 == best ? g : 0.0f;
    gx[i + w] = i + w == best ? g : 0.0f;
    gx[i + w + 1] = i + w + 1 == best ? g : 0.0f;
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
