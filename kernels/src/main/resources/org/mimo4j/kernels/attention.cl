// Row-wise softmax pieces of scaled dot-product attention for mimo4j. OpenCL C 1.2.
// The products Q K^T, P V and their gradients run on the register-blocked GEMM of matmul.cl (the
// scale rides in its alpha), so these kernels only do the O(seqQ * seqK) row work in between.
// One work-item per row: rows are short (a few hundred at most) and independent, and a whole row in
// one work-item needs no barriers or local memory, which PoCL's CPU device handles poorly.
// Each row is walked in float8 vectors (then a scalar tail): PoCL's vector exp is several times
// faster than its scalar one (softmax_rows of 8192 rows of 64 took about 4 ms with scalar exp and
// 1 ms with float8 on this project's 2-core machine), and on a GPU a float8 load is two 16-byte
// loads instead of eight 4-byte ones. Sums run in a fixed order (eight lanes, then a fixed tree,
// then the tail), so results are deterministic.

// The sum of the eight lanes in a fixed pairing.
float lanes_sum(float8 v) {
    return ((v.s0 + v.s1) + (v.s2 + v.s3)) + ((v.s4 + v.s5) + (v.s6 + v.s7));
}

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
    int vec = seqK & ~7;
    float8 mx8 = (float8)(-INFINITY);
    for (int j = 0; j < vec; j += 8) {
        float8 v = vload8(0, row + j) + (hasMask ? vload8(0, mrow + j) : (float8)(0.0f));
        vstore8(v, 0, row + j);
        mx8 = fmax(mx8, v);
    }
    float mx = fmax(fmax(fmax(mx8.s0, mx8.s1), fmax(mx8.s2, mx8.s3)), fmax(fmax(mx8.s4, mx8.s5), fmax(mx8.s6, mx8.s7)));
    for (int j = vec; j < seqK; j++) {
        float v = row[j] + (hasMask ? mrow[j] : 0.0f);
        row[j] = v;
        mx = fmax(mx, v);
    }
    if (mx == -INFINITY) {
        for (int j = 0; j < seqK; j++) {
            row[j] = 0.0f;
        }
        return;
    }
    float8 acc = (float8)(0.0f);
    for (int j = 0; j < vec; j += 8) {
        float8 e = exp(vload8(0, row + j) - mx);
        vstore8(e, 0, row + j);
        acc += e;
    }
    float sum = lanes_sum(acc);
    for (int j = vec; j < seqK; j++) {
        float e = exp(row[j] - mx);
        row[j] = e;
        sum += e;
    }
    float inv = 1.0f / sum;
    for (int j = 0; j < vec; j += 8) {
        vstore8(vload8(0, row + j) * inv, 0, row + j);
    }
    for (int j = vec; j < seqK; j++) {
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
    int vec = seqK & ~7;
    float8 acc = (float8)(0.0f);
    for (int j = 0; j < vec; j += 8) {
        acc = fma(vload8(0, drow + j), vload8(0, prow + j), acc);
    }
    float dot = lanes_sum(acc);
    for (int j = vec; j < seqK; j++) {
        dot += drow[j] * prow[j];
    }
    for (int j = 0; j < vec; j += 8) {
        vstore8(vload8(0, prow + j) * (vload8(0, drow + j) - dot) * scale, 0, drow + j);
    }
    for (int j = vec; j < seqK; j++) {
        drow[j] = prow[j] * (drow[j] - dot) * scale;
    }
}
