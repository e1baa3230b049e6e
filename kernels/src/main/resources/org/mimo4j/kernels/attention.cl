// Row-wise softmax pieces of scaled dot-product attention for mimo4j. OpenCL C 1.2.
// The products Q K^T, P V and their gradients run on the packed GEMM of matmul.cl (the scale rides
// in its alpha), so these kernels only do the O(seqQ * seqK) row work in between. They also write
// their result straight into the packed A layout of matmul.cl's pack_a ([batch][block][depth][TM],
// rows past the matrix zero), which the next GEMM reads: that saves a pack_a launch and a pass over
// the matrix per product (forward: P for P V; backward: dS for dS K and dS^T for dS^T Q, so dS never
// exists row-major at all). TM comes from the same build options as matmul.cl's.
//
// One work-item per row (the launch covers the packed matrix's padding rows too, which only write
// zeros): rows are short (a few hundred at most) and independent, and a whole row in one work-item
// needs no barriers or local memory, which PoCL's CPU device handles poorly. Neighbouring work-items
// are neighbouring rows, so their packed writes land next to each other (TM floats per depth step).
// Each row is read in float8 vectors (then a scalar tail): PoCL's vector exp is several times faster
// than its scalar one (softmax_rows of 8192 rows of 64 took about 7 ms with scalar exp and 0.7 ms
// with float8 on this project's loaded 2-core machine), and on a GPU a float8 load is two 16-byte
// loads instead of eight 4-byte ones. Sums run in a fixed order (eight lanes, then a fixed tree,
// then the tail), so results are deterministic.
#ifndef TM
#define TM 8
#endif

// Where element (row, col) of batch entry bb lives in a packed A of `blocks` row blocks and depth k.
long packed_a(int bb, int blocks, int k, int row, int col) {
    return (((long)bb * blocks + row / TM) * k + col) * TM + row % TM;
}

// The sum of the eight lanes in a fixed pairing.
float lanes_sum(float8 v) {
    return ((v.s0 + v.s1) + (v.s2 + v.s3)) + ((v.s4 + v.s5) + (v.s6 + v.s7));
}

// col[(j + t) * TM] = v.t: eight consecutive depth steps of one packed row.
void scatter8(__global float* col, int j, float8 v) {
    float t[8];
    vstore8(v, 0, t);
    for (int u = 0; u < 8; u++) {
        col[(long)(j + u) * TM] = t[u];
    }
}

// s = softmax(s + mask) per row, in place, and the same values into `packed` (P as the A of P V).
// mask is [seqQ][seqK], broadcast over the batch; a row that is all -infinity becomes all zeros (the
// CPU reference's rule) instead of NaN. Work-item g is row g % (blocks * TM) of batch entry
// g / (blocks * TM); rows from seqQ on are the packing's padding.
__kernel void softmax_rows(__global float* s, __global const float* mask, int hasMask,
                           int batch, int seqQ, int seqK, int blocks, __global float* packed) {
    int g = get_global_id(0);
    int bb = g / (blocks * TM), i = g % (blocks * TM);
    if (bb >= batch) {
        return;
    }
    __global float* col = packed + packed_a(bb, blocks, seqK, i, 0);
    if (i >= seqQ) {
        for (int j = 0; j < seqK; j++) {
            col[(long)j * TM] = 0.0f;
        }
        return;
    }
    __global float* row = s + ((long)bb * seqQ + i) * seqK;
    __global const float* mrow = mask + (long)i * seqK;
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
            col[(long)j * TM] = 0.0f;
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
        float8 p = vload8(0, row + j) * inv;
        vstore8(p, 0, row + j);
        scatter8(col, j, p);
    }
    for (int j = vec; j < seqK; j++) {
        float p = row[j] * inv;
        row[j] = p;
        col[(long)j * TM] = p;
    }
}

// dS = P * (dP - <dP, P>_row) * scale, the softmax's backward with the score scale, written as packed
// A operands only: into ds (blocksQ row blocks of seqQ rows, depth seqK: the A of dq = dS K) when
// hasDs, and transposed into dsT (blocksK row blocks of seqK rows, depth seqQ: the A of dk = dS^T Q)
// when hasDsT. Work-items as in softmax_rows; the item of row i also zeroes column i of dsT's padding
// rows (keys from seqK on).
__kernel void softmax_backward(__global const float* p, __global const float* dp, int batch, int seqQ, int seqK,
                               float scale, int blocksQ, __global float* ds, int hasDs,
                               int blocksK, __global float* dsT, int hasDsT) {
    int g = get_global_id(0);
    int bb = g / (blocksQ * TM), i = g % (blocksQ * TM);
    if (bb >= batch) {
        return;
    }
    __global float* col = ds + packed_a(bb, blocksQ, seqK, i, 0);
    if (i >= seqQ) {
        for (int j = 0; hasDs && j < seqK; j++) {
            col[(long)j * TM] = 0.0f;
        }
        return;
    }
    __global const float* prow = p + ((long)bb * seqQ + i) * seqK;
    __global const float* drow = dp + ((long)bb * seqQ + i) * seqK;
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
        float8 v = vload8(0, prow + j) * (vload8(0, drow + j) - dot) * scale;
        if (hasDs) {
            scatter8(col, j, v);
        }
        if (hasDsT) {
#if TM % 8 == 0
            // j is a multiple of 8, so keys j..j+7 share a row block and sit side by side in it
            vstore8(v, 0, dsT + packed_a(bb, blocksK, seqQ, j, i));
#else
            float t[8];
            vstore8(v, 0, t);
            for (int u = 0; u < 8; u++) {
                dsT[packed_a(bb, blocksK, seqQ, j + u, i)] = t[u];
            }
#endif
        }
    }
    for (int j = vec; j < seqK; j++) {
        float v = prow[j] * (drow[j] - dot) * scale;
        if (hasDs) {
            col[(long)j * TM] = v;
        }
        if (hasDsT) {
            dsT[packed_a(bb, blocksK, seqQ, j, i)] = v;
        }
    }
    for (int j = seqK; hasDsT && j < blocksK * TM; j++) {
        dsT[packed_a(bb, blocksK, seqQ, j, i)] = 0.0f;
    }
}
