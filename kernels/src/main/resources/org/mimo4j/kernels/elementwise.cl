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

// y = max(x, 0) with the host's rule for NaN (it stays NaN; fmax would turn it into 0) and -0 -> +0.
__kernel void relu(__global const float* x, __global float* y, int n) {
    int i = get_global_id(0);
    if (i < n) {
        float v = x[i];
        y[i] = (v > 0.0f || isnan(v)) ? v : 0.0f;
    }
}

// gx = gy where x > 0 (or x is NaN, as on the host, so a NaN stays visible downstream), else +0.
__kernel void relu_backward(__global const float* x, __global const float* gy, __global float* gx, int n) {
    int i = get_global_id(0);
    if (i < n) {
        float v = x[i];
        gx[i] = (v > 0.0f || isnan(v)) ? gy[i] : 0.0f;
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
