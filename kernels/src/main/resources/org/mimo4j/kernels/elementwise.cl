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
