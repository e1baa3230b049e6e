// Row-wise softmax pieces of scaled dot-product attention for mimo4j. OpenCL C 1.2.
// The products Q K^T, P V and their gradients run on the register-blocked GEMM of matmul.cl (the
// scale rides in its alpha), so these kernels only do the O(seqQ * seqK) row work in between.
// One work-item per row: rows are short (a few hundred at most) and independent, and a whole row in
// one work-item needs no barriers or local memory, which PoCL's CPU device handles poorly.

// In place: s = softmax(s + mask) per row. mask is [seqQ][seqK], broadcast over the batch; a row that
// is all -infinity becomes all zeros (the CPU reference's rule) instead of NaN.
__kernel void softmax_rows(__global float* s, __global const float* mask, int hasMask,
                           int rows, int seqQ, int seqK) {
    int r = get_global_id(0);
    if (r >= rows) {
        return;
    }
    __global float* row = s + (long)r * seqK;
    __global const float* mrow = mask + (long)(r % seqQ) * seqK;
    float mx = -INFINITY;
    for (int j = 0; j < seqK; j++) {
        float v = row[j] + (hasMask ? mrow[j] : 0.0f);
        row[j] = v;
        mx = fmax(mx, v);
    }
    float sum = 0.0f;
    for (int j = 0; j < seqK; j++) {
        float e = mx == -INFINITY ? 0.0f : exp(row[j] - mx);
        row[j] = e;
        sum += e;
    }
    float inv = sum == 0.0f ? 0.0f : 1.0f / sum;
    for (int j = 0; j < seqK; j++) {
        row[j] *= inv;
    }
}

// In place: dp becomes dS = P * (dP - <dP, P>_row) * scale, the softmax's backward with the score scale.
__kernel void softmax_backward(__global const float* p, __global float* dp, int rows, int seqK, float scale) {
    int r = get_global_id(0);
    if (r >= rows) {
        return;
    }
    __global const float* prow = p + (long)r * seqK;
    __global float* drow = dp + (long)r * seqK;
    float dot = 0.0f;
    for (int j = 0; j < seqK; j++) {
        dot += drow[j] * prow[j];
    }
    for (int j = 0; j < seqK; j++) {
        drow[j] = prow[j] * (drow[j] - dot) * scale;
    }
}
