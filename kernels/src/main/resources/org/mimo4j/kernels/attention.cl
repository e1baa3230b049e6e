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
// are neighbouring rows, so their packed writes land next to each other (TM floats per depth step):
// that suits a GPU; CPU devices run the *_blocks kernels below, a work-item per block of TM rows.
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

// row = softmax(row + mrow) in place (mrow ignored unless hasMask); a row that is all -infinity becomes all
// zeros (the CPU reference's rule) instead of NaN. With scatter, the same values also go to col, one packed
// row of the next product's A (TM floats apart).
void softmax_row(__global float* row, __global const float* mrow, int hasMask, int seqK, __global float* col,
                 int scatter) {
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
            if (scatter) {
                col[(long)j * TM] = 0.0f;
            }
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
        if (scatter) {
            scatter8(col, j, p);
        }
    }
    for (int j = vec; j < seqK; j++) {
        float p = row[j] * inv;
        row[j] = p;
        if (scatter) {
            col[(long)j * TM] = p;
        }
    }
}

// Whether row i is one of the packing's padding rows (from seqQ on); if so, and with write, its packed row col
// (seqK depth steps, TM floats apart) is zeroed.
int padding_row(__global float* col, int i, int seqQ, int seqK, int write) {
    if (i < seqQ) {
        return 0;
    }
    for (int j = 0; write && j < seqK; j++) {
        col[(long)j * TM] = 0.0f;
    }
    return 1;
}

// s = softmax(s + mask) per row, in place, and the same values into `packed` (P as the A of P V).
// mask is [seqQ][seqK], broadcast over the batch. Work-item g is row g % (blocks * TM) of batch entry
// g / (blocks * TM); rows from seqQ on are the packing's padding.
__kernel void softmax_rows(__global float* s, __global const float* mask, int hasMask,
                           int batch, int seqQ, int seqK, int blocks, __global float* packed) {
    int g = get_global_id(0);
    int bb = g / (blocks * TM), i = g % (blocks * TM);
    if (bb >= batch) {
        return;
    }
    __global float* col = packed + packed_a(bb, blocks, seqK, i, 0);
    if (padding_row(col, i, seqQ, seqK, 1)) {
        return;
    }
    softmax_row(s + ((long)bb * seqQ + i) * seqK, mask + (long)i * seqK, hasMask, seqK, col, 1);
}

// ---- The row kernels with a work-item per block of TM rows (ClAttention picks them on CPU devices) ----
// A work-item per row writes its packed row one float at a time, TM floats apart (scatter8): on a GPU the
// work-items of a row block store side by side, but on a CPU device each work-item runs alone, and those
// scattered stores were most of the softmax's time: 8192 rows of 64 on PoCL (2-core EPYC, AVX-512, launches
// back to back) took 500-563 us a launch with them, 301 without, the exp being about 120 of it. A work-item
// that owns a whole block of TM rows writes the block's packed region (seqK depth steps of TM floats,
// contiguous) in order instead: with TM = 8, 8 x 8 tiles loaded as eight float8 rows and stored as eight
// float8 columns (COL8); 330-384 us against 516-531 for the same launch, and the benchmark's attention
// fwd+bwd took 0.87-0.89x the time. With TM = 6 (AVX2's tile: the element-by-element path) 439-443 against
// 539-564 us, on the same machine. The sums are the per-row kernels' (same bits).

// The column su of eight float8 rows v[0..7], as one float8.
#define COL8(v, su) (float8)(v[0].su, v[1].su, v[2].su, v[3].su, v[4].su, v[5].su, v[6].su, v[7].su)

// dst[j * TM + r] = v[r].s(j - j0) for the eight depth steps j0 .. j0 + 7 of a packed block (TM = 8).
void store_columns8(float8 v[8], __global float* dst) {
    vstore8(COL8(v, s0), 0, dst);
    vstore8(COL8(v, s1), 1, dst);
    vstore8(COL8(v, s2), 2, dst);
    vstore8(COL8(v, s3), 3, dst);
    vstore8(COL8(v, s4), 4, dst);
    vstore8(COL8(v, s5), 5, dst);
    vstore8(COL8(v, s6), 6, dst);
    vstore8(COL8(v, s7), 7, dst);
}

// dsT[keys j .. j + 7 at depth i] = v: eight keys of query row i in dsT's packed layout (blocksK row blocks of
// keys, depth seqQ).
void store_keys8(float8 v, __global float* dsT, int bb, int blocksK, int seqQ, int j, int i) {
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

// Column i of dsT's padding rows (keys from seqK to the last row block's end) = 0, when hasDsT.
void zero_key_padding(__global float* dsT, int hasDsT, int bb, int blocksK, int seqQ, int seqK, int i) {
    for (int j = seqK; hasDsT && j < blocksK * TM; j++) {
        dsT[packed_a(bb, blocksK, seqQ, j, i)] = 0.0f;
    }
}

// softmax_rows' result with a work-item per row block: work-item g is block g % blocks of batch entry
// g / blocks; its rows from seqQ on (the packing's padding) are zeros in packed.
__kernel void softmax_blocks(__global float* s, __global const float* mask, int hasMask,
                             int batch, int seqQ, int seqK, int blocks, __global float* packed) {
    int g = get_global_id(0);
    int bb = g / blocks, blk = g % blocks;
    if (bb >= batch) {
        return;
    }
    int rows = min(TM, seqQ - blk * TM);
    __global float* base = s + ((long)bb * seqQ + blk * TM) * seqK;
    for (int r = 0; r < rows; r++) {
        softmax_row(base + (long)r * seqK, mask + (long)(blk * TM + r) * seqK, hasMask, seqK, base, 0);
    }
    __global float* dst = packed + packed_a(bb, blocks, seqK, blk * TM, 0);
    int j0 = 0;
#if TM == 8
    if (rows == 8) {
        for (; j0 + 8 <= seqK; j0 += 8) {
            float8 v[8];
            for (int r = 0; r < 8; r++) {
                v[r] = vload8(0, base + (long)r * seqK + j0);
            }
            store_columns8(v, dst + (long)j0 * 8);
        }
    }
#endif
    for (int j = j0; j < seqK; j++) {
        for (int r = 0; r < TM; r++) {
            dst[(long)j * TM + r] = r < rows ? base[(long)r * seqK + j] : 0.0f;
        }
    }
}

// <dP, P> of one row, in a fixed order (eight lanes, their fixed tree, then the tail).
float row_dot(__global const float* prow, __global const float* drow, int seqK) {
    int vec = seqK & ~7;
    float8 acc = (float8)(0.0f);
    for (int j = 0; j < vec; j += 8) {
        acc = fma(vload8(0, drow + j), vload8(0, prow + j), acc);
    }
    float dot = lanes_sum(acc);
    for (int j = vec; j < seqK; j++) {
        dot += drow[j] * prow[j];
    }
    return dot;
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
    if (padding_row(col, i, seqQ, seqK, hasDs)) {
        return;
    }
    __global const float* prow = p + ((long)bb * seqQ + i) * seqK;
    __global const float* drow = dp + ((long)bb * seqQ + i) * seqK;
    int vec = seqK & ~7;
    float dot = row_dot(prow, drow, seqK);
    for (int j = 0; j < vec; j += 8) {
        float8 v = vload8(0, prow + j) * (vload8(0, drow + j) - dot) * scale;
        if (hasDs) {
            scatter8(col, j, v);
        }
        if (hasDsT) {
            store_keys8(v, dsT, bb, blocksK, seqQ, j, i);
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
    zero_key_padding(dsT, hasDsT, bb, blocksK, seqQ, seqK, i);
}

// softmax_backward's result with a work-item per block of TM query rows (see softmax_blocks): work-item g is
// block g % blocksQ of batch entry g / blocksQ. Its part of ds (one packed block: seqK depth steps of TM
// floats, contiguous) is written in order, with TM = 8 in 8 x 8 tiles; dsT as the per-row kernel writes it.
__kernel void softmax_backward_blocks(__global const float* p, __global const float* dp, int batch, int seqQ,
                                      int seqK, float scale, int blocksQ, __global float* ds, int hasDs,
                                      int blocksK, __global float* dsT, int hasDsT) {
    int g = get_global_id(0);
    int bb = g / blocksQ, blk = g % blocksQ;
    if (bb >= batch) {
        return;
    }
    int rows = min(TM, seqQ - blk * TM);
    __global const float* pb = p + ((long)bb * seqQ + blk * TM) * seqK;
    __global const float* db = dp + ((long)bb * seqQ + blk * TM) * seqK;
    __global float* dst = ds + packed_a(bb, blocksQ, seqK, blk * TM, 0);
    float dot[TM];
    for (int r = 0; r < TM; r++) {
        dot[r] = r < rows ? row_dot(pb + (long)r * seqK, db + (long)r * seqK, seqK) : 0.0f;
    }
    int j0 = 0;
#if TM == 8
    if (rows == 8) {
        for (; j0 + 8 <= seqK; j0 += 8) {
            float8 v[8];
            for (int r = 0; r < 8; r++) {
                long at = (long)r * seqK + j0;
                v[r] = vload8(0, pb + at) * (vload8(0, db + at) - dot[r]) * scale;
                if (hasDsT) {
                    store_keys8(v[r], dsT, bb, blocksK, seqQ, j0, blk * TM + r);
                }
            }
            if (hasDs) {
                store_columns8(v, dst + (long)j0 * 8);
            }
        }
    }
#endif
    for (int j = j0; j < seqK; j++) {
        for (int r = 0; r < TM; r++) {
            long at = (long)r * seqK + j;
            float v = r < rows ? pb[at] * (db[at] - dot[r]) * scale : 0.0f;
            if (hasDs) {
                dst[(long)j * TM + r] = v;
            }
            if (hasDsT && r < rows) {
                dsT[packed_a(bb, blocksK, seqQ, j, blk * TM + r)] = v;
            }
        }
    }
    for (int r = 0; r < rows; r++) {
        zero_key_padding(dsT, hasDsT, bb, blocksK, seqQ, seqK, blk * TM + r);
    }
}
