// Elementwise kernels of mimo4j's device-resident training step. OpenCL C 1.2.
// One work-item per element, in work-groups of ClTuning.local1d; the global size is rounded up to
// the local size, so every kernel tests its index against n. These are memory-bound: one item per
// element lets a GPU coalesce and lets PoCL vectorise a whole work-group, and nothing is gained by
// giving an item several elements when each is touched exactly once.

// y = x (a device-side copy; the host never sees the values).
__kernel void copy(__global const float* x, __global float* y, int n) {
    int i = get_global_id(0);
    if (i < n) {
        y[i] = x[i];
    }
}

// y = value.
__kernel void fill(__global float* y, float value, int n) {
    int i = get_global_id(0);
    if (i < n) {
        y[i] = value;
    }
}

// y = a + b; y may be a or b (each item reads its element before writing it).
__kernel void add(__global const float* a, __global const float* b, __global float* y, int n) {
    int i = get_global_id(0);
    if (i < n) {
        y[i] = a[i] + b[i];
    }
}

// y += alpha * x: gradient accumulation into a leaf.
__kernel void axpy(float alpha, __global const float* x, __global float* y, int n) {
    int i = get_global_id(0);
    if (i < n) {
        y[i] = y[i] + alpha * x[i];
    }
}

// y[r, c] += bias[c] over a row-major [rows, cols] y: one item per element of y, so the bias (a few
// hundred floats at most) is read from cache by every row.
__kernel void add_row_vector(__global const float* bias, int rows, int cols, __global float* y) {
    int i = get_global_id(0);
    if (i < rows * cols) {
        y[i] = y[i] + bias[i % cols];
    }
}

// The arithmetic of binary_op and scalar_op, in DeviceKernels.Arith's order (ADD, SUB, MUL, DIV). A
// switch on a kernel argument: every item of a launch takes the same branch, so it costs nothing.
float arith(int op, float a, float b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        default: return a / b;
    }
}

// y[i] = a[i] op b[i % nb]: ops.elementwise Add, Sub, Mul, Div with b repeating along a's leading axes
// (a bias, a per-feature statistic, or nb = n for equal shapes). y may alias a: each item reads its
// own element before writing it.
__kernel void binary_op(int op, __global const float* a, __global const float* b, int nb, __global float* y,
                        int n) {
    int i = get_global_id(0);
    if (i < n) {
        y[i] = arith(op, a[i], b[i % nb]);
    }
}

// y[i] = x[i] op c, for a constant operand passed by value (a loss weight), so that it needs no buffer.
__kernel void scalar_op(int op, __global const float* x, float c, __global float* y, int n) {
    int i = get_global_id(0);
    if (i < n) {
        y[i] = arith(op, x[i], c);
    }
}

// ---- Strided views and NumPy broadcasting (DeviceKernels.gather, scatter, broadcastBinary, sumTo) ----
// Shapes and strides arrive right-aligned to 6 axes (leading axes of size 1, stride 0) as int8
// arguments by value (lanes 6 and 7 unused), so a launch needs no index buffer and moves nothing.
// One item per output element, which decomposes its row-major index into coordinates, last axis
// fastest: five divisions, cheap next to the scattered global reads, and adjacent items still read
// adjacent elements whenever the last axis is not broadcast (a GPU coalesces them).

// The offset, in a view with strides t, of the element with row-major index i in shape s.
int strided_offset(int i, int8 s, int8 t) {
    int off = 0;
    int c = i % s.s5; i /= s.s5; off += c * t.s5;
    c = i % s.s4; i /= s.s4; off += c * t.s4;
    c = i % s.s3; i /= s.s3; off += c * t.s3;
    c = i % s.s2; i /= s.s2; off += c * t.s2;
    c = i % s.s1; i /= s.s1; off += c * t.s1;
    return off + i * t.s0;
}

// y[i] = x[offset + idx(i) . strides]: materialises a view (tensor.Strided.materialise). Stride 0
// repeats an element (an expansion), a permutation of strides transposes.
__kernel void gather(__global const float* x, int offset, int8 shape, int8 strides, __global float* y, int n) {
    int i = get_global_id(0);
    if (i < n) {
        y[i] = x[offset + strided_offset(i, shape, strides)];
    }
}

// y[offset + idx(i) . strides] = x[i]: the inverse of gather (tensor.Strided.scatter), writing a dense
// x into a region of y whose elements are distinct (the caller checks: no stride 0), so no two items
// write the same element; y's other elements are left as they are.
__kernel void scatter(__global const float* x, int8 shape, int8 strides, int offset, __global float* y, int n) {
    int i = get_global_id(0);
    if (i < n) {
        y[offset + strided_offset(i, shape, strides)] = x[i];
    }
}

// y[i] = a[aOff + idx(i) . aStrides] op b[bOff + idx(i) . bStrides]: Add, Sub, Mul, Div with NumPy
// broadcasting, a broadcast axis having stride 0, so neither operand is expanded in memory.
__kernel void broadcast_binary(int op, int8 shape, __global const float* a, int aOff, int8 aStrides,
                               __global const float* b, int bOff, int8 bStrides, __global float* y, int n) {
    int i = get_global_id(0);
    if (i < n) {
        y[i] = arith(op, a[aOff + strided_offset(i, shape, aStrides)], b[bOff + strided_offset(i, shape, bStrides)]);
    }
}

// Item i's walk over its terms in sum_to and max_to: output o = i % n, part p = i / n, the output's terms
// p, p + parts, p + 2 parts, ... in increasing g index. The reduced axes are walked as runs of `inner` terms
// `innerStride` apart (the trailing reduced axes, which lie evenly in g): the five divisions of
// strided_offset come once a run, not once a term.
typedef struct {
    int base;  // the output's first term
    int j;     // the current term's place in its run
    int run;   // the run's first term
    int at;    // the run's offset in g
} part_walk;

part_walk walk_start(int i, int n, int inner, int8 outShape, int8 outStrides, int8 redShape, int8 redStrides) {
    part_walk w;
    int p = i / n;
    w.base = strided_offset(i - p * n, outShape, outStrides);
    w.j = p % inner;
    w.run = p - w.j;
    w.at = w.base + strided_offset(w.run, redShape, redStrides);
    return w;
}

int walk_offset(const part_walk* w, int innerStride) {
    return w->at + w->j * innerStride;
}

void walk_next(part_walk* w, int parts, int inner, int8 redShape, int8 redStrides) {
    w->j += parts;
    if (w->j >= inner) {
        w->run += w->j - w->j % inner;
        w->j %= inner;
        w->at = w->base + strided_offset(w->run, redShape, redStrides);
    }
}

// The sum of the terms of g that broadcast from output o (tensor.Strided.sumTo), in the parts
// tensor.Strided.sumParts gives: item i = p * n + o adds output o's terms p, p + parts, p + 2 parts, ... in
// increasing g index, the host's order, into y[i] (part_walk); with one part that is y[o], with more the
// caller adds each output's parts in order (ClReduce's sum_columns). No atomics, the same bits as the host.
// With parts, a whole-tensor sum runs on as many work-items instead of one (2^20 floats: 10.8 ms on one
// PoCL item), and neighbouring items read neighbouring terms.
__kernel void sum_to(__global const float* g, int8 outShape, int8 outStrides, int8 redShape, int8 redStrides,
                     int terms, int parts, int inner, int innerStride, __global float* y, int n) {
    int i = get_global_id(0);
    if (i >= n * parts) {
        return;
    }
    part_walk w = walk_start(i, n, inner, outShape, outStrides, redShape, redStrides);
    float acc = 0.0f;
    for (int r = i / n; r < terms; r += parts) {
        acc += g[walk_offset(&w, innerStride)];
        walk_next(&w, parts, inner, redShape, redStrides);
    }
    y[i] = acc;
}

// sum_to's parts on CPU devices, where a work-item runs its loop alone (PoCL vectorises across work-items
// only where a kernel has no loop of its own) and sum_to took about 2 ns a term: item i = q * n + o adds
// output o's parts 16q .. 16q + 15 as the lanes of one float16, each lane its part's terms in sum_to's
// order, so the same bits. For reductions whose terms are one run, one float apart (the trailing axes, as in
// a whole-tensor sum), with parts a multiple of 16 (tensor.Strided.sumParts).
__kernel void sum_to_lanes(__global const float* g, int8 outShape, int8 outStrides, int terms, int parts,
                           __global float* y, int n) {
    int i = get_global_id(0);
    if (i >= n * (parts / 16)) {
        return;
    }
    int q = i / n;
    int o = i - q * n;
    __global const float* src = g + strided_offset(o, outShape, outStrides) + 16 * q;
    int rounds = terms / parts;
    float16 acc = (float16)(0.0f);
    for (int k = 0; k < rounds; k++) {
        acc += vload16(0, src + (long)k * parts);
    }
    float lanes[16];
    vstore16(acc, 0, lanes);
    int longer = terms - rounds * parts - 16 * q; // this item's parts with one term more
    for (int l = 0; l < min(longer, 16); l++) {
        lanes[l] += src[(long)rounds * parts + l];
    }
    for (int l = 0; l < 16; l++) {
        y[(16 * q + l) * n + o] = lanes[l];
    }
}

// ---- Unary functions (DeviceKernels.unary, unaryBackward): the host loops of ops.elementwise ----
// The math of all of them in one pair of functions, switching on op (DeviceKernels.Unary's ordinal), and
// one kernel pair per op below. Each case is its op's host loop (the class named beside it), with
// the host's NaN rules written out where OpenCL's fmax / fmin would differ (they drop a NaN, Java's
// Math.max / Math.min keep it). exp, log, tanh and pow are OpenCL's full-precision built-ins (a few ulp,
// OpenCL 1.2 section 7.4), the host's Transcendentals within 1 ulp of java.lang.Math: the parity tests
// allow for that difference.

#include "relu.h"

// Java's Math.min(v, 0): NaN stays NaN.
float min0(float v) {
    return (v < 0.0f || isnan(v)) ? v : 0.0f;
}

// tanh(sqrt(2/pi) (x + 0.044715 x^3)): the inner tanh of Gelu's tanh form, with its float constants.
float gelu_tanh(float v) {
    return tanh(0.7978846f * (v + 0.044715f * v * v * v));
}

// y = f(x) in DeviceKernels.Unary's order; a, b: the constants it lists (slope, bounds, exponent).
float unary_f(int op, float v, float a, float b) {
    switch (op) {
        case 0: return max0(v);                                  // Relu
        case 1: return 0.5f * v * (1.0f + gelu_tanh(v));         // Gelu
        case 2: return tanh(v);                                  // Tanh
        case 3: return 1.0f / (1.0f + exp(-v));                  // Sigmoid
        case 4: return exp(v);                                   // Exp
        case 5: return log(v);                                   // Log
        case 6: return sqrt(v);                                  // Sqrt
        case 7: return fabs(v);                                  // Abs
        case 8: return -v;                                       // Neg
        case 9: return max0(v) + a * min0(v);                    // LeakyRelu
        case 10: return isnan(v) ? v : fmin(fmax(v, a), b);      // Clamp
        default: return pow(v, a);                               // Pow
    }
}

// gx = gy f'(x), from x or the forward's output y as the host loop takes it.
// Abs and Clamp decide a NaN x on its own sign bit, as the host's loops do on x86, where -x flips a NaN's
// sign and x - a and b - x return the NaN operand as it is. Deciding on the sign of -v or v - a instead
// differed on an H200: NVIDIA's arithmetic returns a NaN of its own, sign clear, whatever the operand.
float unary_df(int op, float v, float w, float g, float a, float b) {
    switch (op) {
        case 0: return pass_if_positive(v, g);
        case 1: {
            float t = gelu_tanh(v);
            return g * (0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * 0.7978846f * (1.0f + 3.0f * 0.044715f * v * v));
        }
        case 2: return g * (1.0f - w * w);
        case 3: return g * w * (1.0f - w);
        case 4: return g * w;
        case 5: return g / v;
        case 6: return g * 0.5f / w;
        case 7: return isnan(v) ? (signbit(v) ? -g : g) : pass_if_positive(v, g) - pass_if_positive(-v, g);
        case 8: return -g;
        case 9: {
            float positive = pass_if_positive(v, g);
            return positive + a * (g - positive);
        }
        case 10: return isnan(v) ? (signbit(v) ? 0.0f : g) : pass_if_positive(b - v, pass_if_positive(v - a, g));
        default: return g * a * pow(v, a - 1.0f);
    }
}

// One kernel pair per op, each passing its op to unary_f / unary_df as a constant, so that the
// compiler keeps only that case. With the op as a kernel argument, the switch (whose other cases call
// tanh, exp, log and pow) kept PoCL from vectorizing a work-group's loop over its items: a relu over 400k
// floats took 1.2 ms there, against 0.08 ms for scalar_op, whose switch holds four plain operators.
#define UNARY_KERNELS(NAME, OP) \
__kernel void unary_##NAME(__global const float* x, float a, float b, __global float* y, int n) { \
    int i = get_global_id(0); \
    if (i < n) { \
        y[i] = unary_f(OP, x[i], a, b); \
    } \
} \
__kernel void unary_backward_##NAME(__global const float* x, __global const float* y, __global const float* gy, \
                                    float a, float b, __global float* gx, int n) { \
    int i = get_global_id(0); \
    if (i < n) { \
        gx[i] = unary_df(OP, x[i], y[i], gy[i], a, b); \
    } \
}

// Relu, the activation of every CNN here, takes four floats per item as float4 (ClElementwise launches
// n / 4 items, rounded up; the last item's 1-3 floats one by one): one float per item, which PoCL
// vectorizes across items itself, took 0.09 ms forward and 0.12-0.13 ms backward over 400k floats, this
// 0.075 and 0.08. Same results: the float4 lanes compute max0 and pass_if_positive as above.
__kernel void unary_relu(__global const float* x, float a, float b, __global float* y, int n) {
    int i = 4 * get_global_id(0);
    if (i + 4 <= n) {
        vstore4(max04(vload4(0, x + i)), 0, y + i);
        return;
    }
    for (; i < n; i++) {
        y[i] = max0(x[i]);
    }
}

__kernel void unary_backward_relu(__global const float* x, __global const float* y, __global const float* gy,
                                  float a, float b, __global float* gx, int n) {
    int i = 4 * get_global_id(0);
    if (i + 4 <= n) {
        vstore4(pass_if_positive4(vload4(0, x + i), vload4(0, gy + i)), 0, gx + i);
        return;
    }
    for (; i < n; i++) {
        gx[i] = pass_if_positive(x[i], gy[i]);
    }
}

// The kernels' names are unary_ and unary_backward_ followed by DeviceKernels.Unary's names in lower case.
UNARY_KERNELS(gelu, 1)
UNARY_KERNELS(tanh, 2)
UNARY_KERNELS(sigmoid, 3)
UNARY_KERNELS(exp, 4)
UNARY_KERNELS(log, 5)
UNARY_KERNELS(sqrt, 6)
UNARY_KERNELS(abs, 7)
UNARY_KERNELS(neg, 8)
UNARY_KERNELS(leaky_relu, 9)
UNARY_KERNELS(clamp, 10)
UNARY_KERNELS(pow, 11)

// ---- Max over axes (DeviceKernels.maxTo, maxToBackward: ops.reduce.Max) ----

// y[o], argmax[o] = the first maximum of the terms of x that reduce to output o, walked as sum_to walks
// them (increasing x index, in the same parts, as runs), keeping the first of equal values and never taking
// a NaN after the first term: the host's "x[i] > x[best]" rule. The index is stored as a float, exact below
// 2^24 (checked by the caller), so the backward needs no integer buffer. With parts, item i = p * n + o
// writes its part's maximum and index to y[i], argmax[i]: part 0 starts from the output's first term, as
// the host does, every other part from nothing (-INFINITY, index -1), so it takes neither a NaN nor a -inf,
// which could not displace the first term either; max_parts then picks among the parts.
__kernel void max_to(__global const float* x, int8 outShape, int8 outStrides, int8 redShape, int8 redStrides,
                     int terms, int parts, int inner, int innerStride, __global float* y,
                     __global float* argmax, int n) {
    int i = get_global_id(0);
    if (i >= n * parts) {
        return;
    }
    int p = i / n;
    part_walk w = walk_start(i, n, inner, outShape, outStrides, redShape, redStrides);
    float top = p == 0 ? x[w.at] : -INFINITY;
    int best = p == 0 ? w.at : -1;
    for (int r = p; r < terms; r += parts) {
        int k = walk_offset(&w, innerStride);
        if (x[k] > top) {
            top = x[k];
            best = k;
        }
        walk_next(&w, parts, inner, redShape, redStrides);
    }
    y[i] = top;
    argmax[i] = (float)best;
}

// The maximum of each output's parts (max_to's y and argmax with parts): the greater value, or of equal
// values the lower index, which is the first term of them in the host's walk. Part 0 alone may hold a NaN
// (the output's first term), and then keeps it, as the host does.
__kernel void max_parts(__global const float* tops, __global const float* bests, int parts, int n,
                        __global float* y, __global float* argmax) {
    int o = get_global_id(0);
    if (o >= n) {
        return;
    }
    float top = tops[o];
    float best = bests[o];
    for (int p = 1; p < parts; p++) {
        float v = tops[p * n + o], b = bests[p * n + o];
        if (b >= 0.0f && (v > top || (v == top && b < best))) {
            top = v;
            best = b;
        }
    }
    y[o] = top;
    argmax[o] = best;
}

// max_to's parts on CPU devices, as sum_to_lanes takes sum_to's: item i = q * n + o runs output o's parts
// 16q .. 16q + 15 as the lanes of one float16, each lane by max_to's rule (part 0 from the output's first
// term, the others from -INFINITY and index -1; a term replaces a lane's maximum only when greater, so never
// a NaN after the first term): the same maxima and indices as max_to, for max_parts to pick from.
__kernel void max_to_lanes(__global const float* x, int8 outShape, int8 outStrides, int terms, int parts,
                           __global float* y, __global float* argmax, int n) {
    int i = get_global_id(0);
    if (i >= n * (parts / 16)) {
        return;
    }
    int q = i / n;
    int o = i - q * n;
    int first = strided_offset(o, outShape, outStrides) + 16 * q; // lane 0's first term
    float16 top = (float16)(-INFINITY);
    int16 best = (int16)(-1);
    if (q == 0) {
        top.s0 = x[first];
        best.s0 = first;
    }
    int16 lane = (int16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    int rounds = terms / parts;
    for (int k = 0; k < rounds; k++) {
        int at = first + k * parts;
        float16 v = vload16(0, x + at);
        int16 greater = isgreater(v, top);
        top = select(top, v, greater);
        best = select(best, (int16)(at) + lane, greater);
    }
    float tops[16];
    int bests[16];
    vstore16(top, 0, tops);
    vstore16(best, 0, bests);
    int longer = terms - rounds * parts - 16 * q; // this item's parts with one term more
    for (int l = 0; l < min(longer, 16); l++) {
        int at = first + rounds * parts + l;
        if (x[at] > tops[l]) {
            tops[l] = x[at];
            bests[l] = at;
        }
    }
    for (int l = 0; l < 16; l++) {
        y[(16 * q + l) * n + o] = tops[l];
        argmax[(16 * q + l) * n + o] = (float)bests[l];
    }
}

// gx[argmax[o]] = gy[o] after gx was zero-filled: the maxima are distinct elements, so no two items
// write the same place and nothing needs an atomic.
__kernel void max_to_backward(__global const float* argmax, __global const float* gy, __global float* gx, int n) {
    int o = get_global_id(0);
    if (o < n) {
        gx[(int)argmax[o]] = gy[o];
    }
}
