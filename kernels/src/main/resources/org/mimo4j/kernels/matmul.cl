// Batched SGEMM for mimo4j: C_b = alpha * A_b * B_b + beta * C_b (+ an optional per-row bias).
// OpenCL C 1.2. Tile parameters arrive as build options from ClTuning:
//   TM, NV  the packed layout: A in TM-row blocks, B in TN = 16*NV column panels; in sgemm_packed a
//           work-item owns one TM x TN block of C, in sgemm_tiled a work-group does;
//   BK, RM, RN  (sgemm_tiled only) slice depth and the RM x RN register tile of one work-item.
// Matrices are addressed through (row stride, column stride) pairs, so one kernel serves NN, NT and
// TN (and the transposed views attention and convolution need) without copying A.
// Two GEMM kernels read the same packed operands; the build options compile one of them:
//   sgemm_packed  register blocks, no local memory: for CPU devices (PoCL); its sgemm_rows twin reads A
//                 in place (ClGemm.multiply), sgemm_shifted reads B from convolution grids;
//   sgemm_tiled   work-group tiles staged through local memory: for GPUs, compiled when BK is defined.
#include "tile.h"

// Copies op(B) (k x n per batch) into column panels Bp[batch][panel][k][TN], zero-padding past n.
// Why: the GEMM then streams TN contiguous floats per k step. Without packing, large powers of two
// put every row of B in the same cache sets (n=2048 fell from ~200 to 73 GFLOP/s on PoCL's CPU
// device), and the zero padding removes every bounds test from the inner loop.
// One work-item writes PACK_STEPS TN-wide panel rows (ClTuning.packSteps: 16 on CPU rows), each as whole
// float16 copies when B's rows are contiguous and the panel is full (the common case; one float at a time
// cost pack_b of a 512 x 512 B as much as a seventh of the GEMM), else one element at a time. Work-groups
// are 1 x packRows (ClTuning), because PoCL charges about a microsecond per work-group. With one row per
// work-item, AV-Digits' 12544 x 128 weight (100k items) took 2.07 ms of device time per pack, with 16 rows
// 1.46 (trace, AMD EPYC Zen 3, PoCL 3.1; reading and writing its 6.4 MB at about 13 GB/s) and the AV-Digits
// step on PoCL 19.07 against 19.55 ms (JMH medians, 5 rounds, separate JVMs alternating); resident SGEMM at
// n = 512 level (377 against 379 products/s over 6 rounds).
#ifndef PACK_STEPS
#define PACK_STEPS 1
#endif
// On CPU rows an item also covers PACK_PANELS neighbouring panels (ClTuning.packPanels: 8), so that it reads
// each of its rows as one run of up to 8 * TN floats rather than 64 bytes per row and panel.
#ifndef PACK_PANELS
#define PACK_PANELS 1
#endif
#ifndef BK
__kernel void pack_b(__global const float* b, int bOff, int rs, int cs, int strideB,
                     int k, int n, int panels, __global float* bp) {
    int panel0 = get_global_id(0) * PACK_PANELS;
    int p0 = get_global_id(1) * PACK_STEPS;
    int bb = get_global_id(2);
    if (panel0 >= panels || p0 >= k) {
        return;
    }
    int panel1 = min(panels, panel0 + PACK_PANELS);
    for (int p = p0, last = min(k, p0 + PACK_STEPS); p < last; p++) {
        __global const float* src = b + bOff + (long)bb * strideB + (long)p * rs;
        for (int panel = panel0; panel < panel1; panel++) {
            int j0 = panel * TN;
            __global float* dst = bp + ((long)bb * panels + panel) * (long)k * TN + (long)p * TN;
            if (cs == 1 && j0 + TN <= n) {
                for (int v = 0; v < NV; v++) {
                    vstore16(vload16(v, src + j0), v, dst);
                }
                continue;
            }
            for (int t = 0; t < TN; t++) {
                dst[t] = j0 + t < n ? src[(long)(j0 + t) * cs] : 0.0f;
            }
        }
    }
}
#else
// GPU builds (BK defined): one work-item per four floats of a panel row (ClTuning.packGlobal: panels*TN/4
// x k), neighbouring items on neighbouring runs, so a warp stores 512 contiguous bytes (and loads
// neighbouring floats when B's rows are contiguous). The loop above, one panel row per item, has a warp
// store to 32 rows TN floats apart at every step: on an H200 that made the packing kernels of convolutions
// cost more than their GEMMs. Four floats rather than one per item share the item's index arithmetic.
__kernel void pack_b(__global const float* b, int bOff, int rs, int cs, int strideB,
                     int k, int n, int panels, __global float* bp) {
    long at = packed_run(panels, k, TN);
    if (at < 0) {
        return;
    }
    pack_four(b + bOff + (long)get_global_id(2) * strideB + (long)get_global_id(1) * rs, 4 * get_global_id(0), n,
              cs, bp + at);
}
#endif

// Copies op(A) (m x k per batch) into row blocks Ap[batch][block][k][TM], zero-padding past m.
// Why: the GEMM then reads TM contiguous floats per k step instead of TM rows lda apart, and padding
// removes the row tests from the inner loop. sgemm_rows reads A in place, which saves this launch and
// copy: a row-major A at any size, a transposed one on small products; on large ones its TM row pointers,
// stepped by the column stride, cost more than the copy (ClGemm.multiply).
// One work-item packs PACK_STEPS steps of k of one block (ClTuning.packSteps): 16 on CPU rows, where
// from a row-major A (cs == 1) a whole block of them is TM vector loads transposed through private memory;
// one step per item cost a 1024 x 1024 A 3.3-5.0 ms on PoCL (AVX2), 16 steps 0.9-1.1 ms (PoCL's cost per
// item, not the copy). GPU builds have their own form first.
#ifdef BK
// GPU builds: one work-item per four floats of a block row, as in pack_b's GPU form (ClTuning.packGlobal
// gives the range blocks*TM/4 x k).
__kernel void pack_a(__global const float* a, int aOff, int rs, int cs, int strideA,
                     int m, int k, int blocks, __global float* ap) {
    long at = packed_run(blocks, k, TM);
    if (at < 0) {
        return;
    }
    pack_four(a + aOff + (long)get_global_id(2) * strideA + (long)get_global_id(1) * cs, 4 * get_global_id(0), m,
              rs, ap + at);
}
#else
__kernel void pack_a(__global const float* a, int aOff, int rs, int cs, int strideA,
                     int m, int k, int blocks, __global float* ap) {
    int block = get_global_id(0);
    int p0 = get_global_id(1) * PACK_STEPS;
    int bb = get_global_id(2);
    if (block >= blocks || p0 >= k) {
        return;
    }
    __global const float* src = a + aOff + (long)bb * strideA;
    __global float* dst = ap + (((long)bb * blocks + block) * k + p0) * TM;
    int i0 = block * TM;
#if PACK_STEPS == 16
    if (cs == 1 && i0 + TM <= m && p0 + PACK_STEPS <= k) {
        float t[TM][PACK_STEPS];
#pragma unroll
        for (int r = 0; r < TM; r++) {
            vstore16(vload16(0, src + (long)(i0 + r) * rs + p0), 0, t[r]);
        }
#pragma unroll
        for (int s = 0; s < PACK_STEPS; s++) {
#pragma unroll
            for (int r = 0; r < TM; r++) {
                dst[s * TM + r] = t[r][s];
            }
        }
        return;
    }
#endif
    // A transposed (rs == 1): a step's TM values lie side by side. Reading them through one pointer stepped by
    // cs, instead of the element loop's row test and rs multiply per value, packed a 1024 x 1024 A^T in 1.44-1.62
    // against 2.14-2.22 ms of device time (PoCL 3.1, AVX2; pack_b's time in the same traced runs 0.99-1.09).
    if (rs == 1 && i0 + TM <= m && p0 + PACK_STEPS <= k) {
        __global const float* at = src + i0 + (long)p0 * cs;
        for (int s = 0; s < PACK_STEPS; s++, at += cs) {
#pragma unroll
            for (int r = 0; r < TM; r++) {
                dst[s * TM + r] = at[r];
            }
        }
        return;
    }
    int steps = min(PACK_STEPS, k - p0);
    for (int s = 0; s < steps; s++) {
        for (int r = 0; r < TM; r++) {
            dst[s * TM + r] = i0 + r < m ? src[(long)(i0 + r) * rs + (long)(p0 + s) * cs] : 0.0f;
        }
    }
}
#endif

#ifndef BK
// The register block of sgemm_packed and sgemm_shifted: TM x TN accumulators in TM*NV float16.
// Macros rather than functions so that the accumulators stay in registers whatever the compiler
// decides about inlining (a spilled block loses most of the speed).
#define CLEAR_BLOCK(acc) \
    _Pragma("unroll") \
    for (int r_ = 0; r_ < TM; r_++) { \
        _Pragma("unroll") \
        for (int v_ = 0; v_ < NV; v_++) { \
            (acc)[r_][v_] = (float16)(0.0f); \
        } \
    }
// One k step: acc += (TM floats of A at arow) x (TN floats of B at brow); brow needs only float
// alignment (vload16), which sgemm_shifted relies on.
#define FMA_STEP(acc, arow, brow) FMA_STEP_OF(acc, (arow)[r_], brow)
// The same with row r_'s A value given as an expression of r_ (sgemm_rows reads A in place).
#define FMA_STEP_OF(acc, a_of_r, brow) \
    do { \
        __global const float* b_ = (brow); \
        float16 bv_[NV]; \
        _Pragma("unroll") \
        for (int v_ = 0; v_ < NV; v_++) { \
            bv_[v_] = vload16(v_, b_); \
        } \
        _Pragma("unroll") \
        for (int r_ = 0; r_ < TM; r_++) { \
            float16 av_ = (float16)(a_of_r); \
            _Pragma("unroll") \
            for (int v_ = 0; v_ < NV; v_++) { \
                (acc)[r_][v_] = fma(av_, bv_[v_], (acc)[r_][v_]); \
            } \
        } \
    } while (0)

// C[i0 + r][j0 + t] = alpha * acc + row bias (+ beta * C), for the rows < m and columns < n of the
// block: the epilogue of sgemm_packed and sgemm_rows. beta == 0 overwrites, so NaN already in C never
// reaches the result.
#define STORE_BLOCK(acc, C, m, n, i0, j0, ldc, alpha, beta, rowBias, biasOff, hasBias) \
    do { \
        int cols_ = min(TN, (n) - (j0)); \
        _Pragma("unroll") \
        for (int r_ = 0; r_ < TM; r_++) { \
            int i_ = (i0) + r_; \
            if (i_ < (m)) { \
                float bias_ = (hasBias) ? (rowBias)[(biasOff) + i_] : 0.0f; \
                float out_[TN]; \
                _Pragma("unroll") \
                for (int v_ = 0; v_ < NV; v_++) { \
                    vstore16((alpha) * (acc)[r_][v_] + bias_, v_, out_); \
                } \
                __global float* row_ = (C) + (long)i_ * (ldc) + (j0); \
                for (int t_ = 0; t_ < cols_; t_++) { \
                    row_[t_] = (beta) == 0.0f ? out_[t_] : out_[t_] + (beta) * row_[t_]; \
                } \
            } \
        } \
    } while (0)

// Floats of packed B that one group of panels may span (1 MB): see grouped_tile.
#ifndef PANEL_GROUP_FLOATS
#define PANEL_GROUP_FLOATS 262144
#endif

// The (panel, block) of C this work-item computes; false past the matrix (a padded global range).
// Work-items go in panel groups: consecutive ids (PoCL's CPU device hands work-groups to its threads in
// order of their linear id, dimension 0 fastest) sweep one group of panels against every row block, so
// the group's panels of B stay in cache while the row blocks of A pass by, instead of all of B streaming
// past every row block: at n = 2048 with 16-wide panels B is 16 MB and was read once per 6-row block.
// Where all of B fits one group (k * TN * panels <= PANEL_GROUP_FLOATS: square n <= 512) the order is the
// plain one. Each block of C is computed the same way in either order, so the bits do not change.
bool grouped_tile(int panels, int blocks, int k, int* panel, int* block) {
    int x = get_global_id(0), y = get_global_id(1);
    if (x >= panels || y >= blocks) {
        return false;
    }
    int group = max(1, PANEL_GROUP_FLOATS / max(1, k * TN));
    if (group >= panels) {
        *panel = x;
        *block = y;
        return true;
    }
    long id = (long)y * panels + x, span = (long)group * blocks;
    int g = (int)(id / span);
    int idx = (int)(id - g * span);
    int width = min(group, panels - g * group);
    *block = idx / width;
    *panel = g * group + idx - *block * width;
    return true;
}

// One work-item computes a TM x TN block of C held in TM*NV float16 registers: per k step it loads
// TM floats of packed A and TN floats of packed B, all contiguous, and issues TM*NV vector fma.
// This register blocking, not local memory, is what a CPU device rewards: GPU-style local tiles with
// barriers reached 6 GFLOP/s on PoCL, this scheme about 200 (OpenBLAS speed). On GPUs ClTuning picks
// a smaller block. Padded rows and columns are computed (on zeros) but never written.
// aBlockStride is blocks for per-batch A and 0 for one A shared by the whole batch (conv weights).
__kernel void sgemm_packed(int m, int n, int k, int blocks, int aBlockStride, int panels,
                           __global const float* ap, __global const float* bp,
                           __global float* c, int cOff, int ldc, int strideC,
                           float alpha, float beta,
                           __global const float* rowBias, int biasOff, int hasBias) {
    int panel, block;
    int bb = get_global_id(2);
    if (!grouped_tile(panels, blocks, k, &panel, &block)) {
        return;
    }
    __global const float* A = ap + ((long)bb * aBlockStride + block) * (long)k * TM;
    __global const float* B = bp + ((long)bb * panels + panel) * (long)k * TN;
    float16 acc[TM][NV];
    CLEAR_BLOCK(acc);
    for (int p = 0; p < k; p++) {
        FMA_STEP(acc, A + (long)p * TM, B + (long)p * TN);
    }
    STORE_BLOCK(acc, c + cOff + (long)bb * strideC, m, n, block * TM, panel * TN, ldc, alpha, beta, rowBias,
                biasOff, hasBias);
}

// sgemm_packed with B read in place instead of packed: row-major, rows ldb apart, entries strideB apart, n a
// multiple of TN (whole panels, so no read passes a row's end). Each k step loads TN floats of one row of B
// where the packed kernel loads them from its panel: the same fma in the same order, the same bits. For the
// attention's products whose A the softmax kernels already packed (P V, dS K, dS^T Q: B is 64 rows of 64
// floats a batch entry, 16 KB, all in L1), it saves pack_b's launch and its copy of B: on PoCL (2-core EPYC,
// AVX-512; one JVM alternating both routes, 10 rounds) the attention's fwd+bwd took 0.904x the time (causal
// 0.889x), its forward 0.873x.
__kernel void sgemm_packed_brows(int m, int n, int k, int blocks, int panels, __global const float* ap,
                                 __global const float* b, int bOff, int ldb, int strideB,
                                 __global float* c, int cOff, int ldc, int strideC, float alpha, float beta) {
    int panel, block;
    int bb = get_global_id(2);
    if (!grouped_tile(panels, blocks, k, &panel, &block)) {
        return;
    }
    __global const float* A = ap + ((long)bb * blocks + block) * (long)k * TM;
    __global const float* B = b + bOff + (long)bb * strideB + panel * TN;
    float16 acc[TM][NV];
    CLEAR_BLOCK(acc);
    for (int p = 0; p < k; p++) {
        FMA_STEP(acc, A + (long)p * TM, B + (long)p * ldb);
    }
    STORE_BLOCK(acc, c + cOff + (long)bb * strideC, m, n, block * TM, panel * TN, ldc, alpha, beta, c, 0, 0);
}

// sgemm_packed with A read in place through its (row stride, column stride) instead of packed: the
// GEMM of ClGemm.multiply on CPU rows. A's TM values per k step come from TM rows (or, transposed, TM
// neighbours) of the caller's matrix; on PoCL that is no slower than the packed block, so pack_a's launch
// and copy were pure cost: same-JVM A/B, n = 256-2048 square, 12-28 % less time (n = 512: 1.86 -> 1.47
// ms with host copies, 1.11 -> 0.95 ms resident), same bits. Rows past m repeat row m-1 (computed,
// never written), so the loop has no test.
__kernel void sgemm_rows(int m, int n, int k, int blocks, int panels,
                         __global const float* a, int aOff, int rs, int cs, int strideA,
                         __global const float* bp, __global float* c, int cOff, int ldc, int strideC,
                         float alpha, float beta, __global const float* rowBias, int biasOff, int hasBias) {
    int panel, block;
    int bb = get_global_id(2);
    if (!grouped_tile(panels, blocks, k, &panel, &block)) {
        return;
    }
    __global const float* A = a + aOff + (long)bb * strideA;
    __global const float* Ar[TM];
#pragma unroll
    for (int r = 0; r < TM; r++) {
        Ar[r] = A + (long)min(block * TM + r, m - 1) * rs;
    }
    __global const float* B = bp + ((long)bb * panels + panel) * (long)k * TN;
    float16 acc[TM][NV];
    CLEAR_BLOCK(acc);
    // A row-major (cs == 1, NN and NT): the rows share the index p, so the compiler keeps one index for
    // all TM of them. With cs known only at run time PoCL steps each row pointer by cs on every step: on
    // AVX2 30 instructions per step (12 fma) against 24, on a loop bound by how many it issues. Resident
    // SGEMM on PoCL 3.1 (AMD EPYC Zen 3), this form's time over the other's, one process alternating
    // both, medians of 10-12 rounds: n = 384 0.97, 512 0.86-0.97, 768 0.90, AV-Digits' forward 64 x 128 x
    // 12544 0.90 (an A/A run of the same code: 0.98-1.03). The same fma in the same order: the same bits.
    // One pointer stepped by cs for A^T's adjacent rows (rs == 1) was measured too: level on AV-Digits'
    // weight gradient, slower in sgemm_shifted's backward-data; not kept.
    if (cs == 1) {
        for (int p = 0; p < k; p++) {
            FMA_STEP_OF(acc, Ar[r_][p], B + (long)p * TN);
        }
    } else {
        for (int p = 0; p < k; p++) {
            FMA_STEP_OF(acc, Ar[r_][(long)p * cs], B + (long)p * TN);
        }
    }
    STORE_BLOCK(acc, c + cOff + (long)bb * strideC, m, n, block * TM, panel * TN, ldc, alpha, beta, rowBias,
                biasOff, hasBias);
}

// A product of few rows and few columns over a deep k, both operands row-major (AV-Digits' forward: x, 64 x
// 12544, times a weight, 12544 x 128), split along k. sgemm_rows gives it one work-item per block of C (4 panels x
// 8 blocks = 32), each streaming its panel over all of k, after pack_b copied all of B: B (6.4 MB) is read once
// per block of rows. Here work-item `chunk` takes `depth` steps of k for every block and panel, reading B's rows in
// place (n is a multiple of TN, so every panel is whole): that slice of B stays in cache while the blocks of A pass,
// and each block's sums go to part[chunk][m][n]; sum_splits then adds the chunks in order. Rows past m repeat row
// m - 1 (computed, not stored), as in sgemm_rows.
__kernel void sgemm_split(int m, int n, int k, int depth, int blocks, int panels, __global const float* a, int aOff,
                          int lda, __global const float* b, int bOff, int ldb, __global float* part) {
    int chunk = get_global_id(0);
    int p0 = chunk * depth;
    if (p0 >= k) {
        return;
    }
    int steps = min(depth, k - p0);
    __global float* P = part + (long)chunk * m * n;
    for (int block = 0; block < blocks; block++) {
        __global const float* Ar[TM];
#pragma unroll
        for (int r = 0; r < TM; r++) {
            Ar[r] = a + aOff + (long)min(block * TM + r, m - 1) * lda + p0;
        }
        for (int panel = 0; panel < panels; panel++) {
            __global const float* B = b + bOff + (long)p0 * ldb + panel * TN;
            float16 acc[TM][NV];
            CLEAR_BLOCK(acc);
            for (int p = 0; p < steps; p++) {
                FMA_STEP_OF(acc, Ar[r_][p], B + (long)p * ldb);
            }
            STORE_BLOCK(acc, P, m, n, block * TM, panel * TN, n, 1.0f, 0.0f, part, 0, 0);
        }
    }
}

// C[i][j] = alpha * (part[0][i][j] + part[1][i][j] + ...), the chunks added in order, + beta * C[i][j] (beta == 0
// overwrites): the second launch of sgemm_split's product, one work-item per row of C, 16 columns at a time (n is a
// multiple of TN). One work-item per element took 400 us for AV-Digits' 64 x 128 from 49 chunks on PoCL.
__kernel void sum_splits(int m, int n, int chunks, __global const float* part, __global float* c, int cOff, int ldc,
                         float alpha, float beta) {
    int i = get_global_id(0);
    if (i >= m) {
        return;
    }
    long size = (long)m * n;
    __global const float* row = part + (long)i * n;
    __global float* out = c + cOff + (long)i * ldc;
    for (int j = 0; j < n; j += 16) {
        float16 sum = vload16(0, row + j);
        for (int q = 1; q < chunks; q++) {
            sum += vload16(0, row + q * size + j);
        }
        vstore16(beta == 0.0f ? alpha * sum : alpha * sum + beta * vload16(0, out + j), 0, out + j);
    }
}

// dst[0, len) = src[0, len) in float4 steps, then one float at a time: with k as small as a 3x3
// kernel on 3 channels (27 steps) a work-item's TM x TN stores are a sizeable part of its work; float4
// stores made the CIFAR forward 6-10 % faster than one float per store.
void store_kept(const float* src, __global float* dst, int len) {
    int u = 0;
    for (; u + 4 <= len; u += 4) {
        vstore4(vload4(0, src + u), 0, dst + u);
    }
    for (; u < len; u++) {
        dst[u] = src[u];
    }
}

// Stride-1 convolution as a GEMM that reads B in place from zero-padded grids (conv2d.cl's pad_grid,
// ClConv): an image's grid is [channels][gh][gw] and output position q = oy*gw + ox reads tap
// (c, ky, kx) at q + (c*gh + ky)*gw + kx, so row p of the column matrix over consecutive q is the grid
// shifted by that tap's offset, and a panel row is TN contiguous grid floats: no column matrix is
// written. The offset advances with the tap in the k loop (no table, no divisions). C is computed
// over all positions < oh*gw; the columns ox >= ow of each grid line read wrapped-around values and
// are dropped, the others are written compacted to y[i][oy*ow + ox] with the row bias. Reads past the
// grid land in the zero tail that pad_grid writes, sized by ClConv so the last panel stays inside.
// A is one weight matrix for the whole batch (m x k, k = channels*kh*kw), read in place through its
// (row stride, column stride) as sgemm_rows does (rows past m repeat the last); grid bb is at
// bb*gridStride. Output positions oy < oh: positions = oh*gw.
// Grid rows [top, top + rows) hold the image, the others zero padding; a panel skips the kernel rows ky
// that read only padding for all of its output rows (tap_rows). Backward-data pads dY by k-1-pad, so
// LeNet's 6 -> 16 layer on 14 x 14 reads its 10 x 10 dY from an 18 x 18 grid: 20 of its 70 (output row,
// kernel row) pairs read zeros only. A skipped product is a zero, whose addition changes a sum's bits only
// where the sum is -0 (a negative product that underflowed to zero first): otherwise the same bits.
__kernel void sgemm_shifted(int m, int k, int blocks, int panels,
                            __global const float* a, int aOff, int rs, int cs,
                            __global const float* grid, int gridStride, int kh, int kw, int gh, int gw,
                            int top, int rows, int positions, int ow, __global float* c, int cOff, int ldc,
                            int strideC, __global const float* rowBias, int biasOff, int hasBias) {
    int panel = get_global_id(0);
    int block = get_global_id(1);
    int bb = get_global_id(2);
    if (panel >= panels || block >= blocks) {
        return;
    }
    __global const float* Ar[TM];
#pragma unroll
    for (int r = 0; r < TM; r++) {
        Ar[r] = a + aOff + (long)min(block * TM + r, m - 1) * rs;
    }
    __global const float* B = grid + (long)bb * gridStride + (long)panel * TN;
    float16 acc[TM][NV];
    CLEAR_BLOCK(acc);
    int j0 = panel * TN;
    int oy0 = j0 / gw;
    int ox0 = j0 - oy0 * gw;
    int2 ky = tap_rows(oy0, oy0 + (ox0 + TN - 1) / gw, kh, top, rows);
    int span = (ky.y - ky.x) * kw;
    for (int p0 = ky.x * kw, o0 = ky.x * gw; p0 < k; p0 += kh * kw, o0 += gh * gw) {
        int p = p0, off = o0, kx = 0;
        for (int t = 0; t < span; t++, p++) {
            FMA_STEP_OF(acc, Ar[r_][(long)p * cs], B + off);
            off++;
            if (++kx == kw) {
                kx = 0;
                off += gw - kw;
            }
        }
    }
    __global float* C = c + cOff + (long)bb * strideC;
    int cols = min(TN, positions - j0);
#pragma unroll
    for (int r = 0; r < TM; r++) {
        int i = block * TM + r;
        if (i < m) {
            float bias = hasBias ? rowBias[biasOff + i] : 0.0f;
            float out[TN];
#pragma unroll
            for (int v = 0; v < NV; v++) {
                vstore16(acc[r][v] + bias, v, out);
            }
            __global float* row = C + (long)i * ldc;
            // runs of kept columns, contiguous in y, between the dropped ends of the grid lines
            int t = 0, oy = oy0, ox = ox0;
            while (t < cols) {
                int run = min(gw - ox, cols - t);
                store_kept(out + t, row + oy * ow + ox, min(run, ow - ox));
                t += run;
                ox = 0;
                oy++;
            }
        }
    }
}
#else
// sgemm_tiled: the GPU kernel. A work-group computes one TM x TN tile of C (a packed A row block
// times a packed B column panel, so TM = BM and TN = BN of the usual naming); its LX x LY work-items
// (LX = TN/RN, LY = TM/RM) each hold an RM x RN register tile of it. The k dimension is walked in
// slices BK deep that are staged through local memory, where every A value is read by LX work-items
// and every B value by LY: that reuse is what a GPU needs and what sgemm_packed lacks.
//
// Why the packed operands: a slice of a packed block is BK*TM contiguous floats laid out exactly as
// the local array wants it ([BK][TM], k-major), so the copy global -> local is one float4 per item
// per step at consecutive addresses, whatever the transposes of A and B were: every global load of a
// warp is 512 contiguous, aligned bytes, and local stores go to consecutive float4 (no bank conflict,
// no padding needed since nothing is transposed on the way). Rows and columns past m and n are zeros
// in the packing, so the inner loop has no tests; only the last slice tests k, and it writes zeros
// into both arrays past k (stale local memory may hold NaN, and 0 * NaN is NaN).
//
// Register tile: item (tx, ty) owns rows   g*4*LY + 4*ty + {0..3}, g < RM/4,
//                                   columns h*4*LX + 4*tx + {0..3}, h < RN/4,
// so each local read is a float4 that the LX (or LY) neighbouring items read as consecutive float4:
// with the default LX = 16 a warp is 16 x 2 items and reads 256 bytes of B (2 wavefronts) and two
// broadcast float4 of A, for RM*RN fma per k step. C is written in 4-column runs that the LX items of
// a row continue, so each 32-byte sector of a row of C is written whole by two neighbouring items.
//
// Double buffering: slice s+1 is fetched from global memory into registers before the fma of slice
// s and stored into the other local buffer after them, so the load latency hides behind the
// arithmetic and one barrier per slice suffices (the barrier that ends slice s also guarantees that
// nobody still reads the buffer slice s+2 will overwrite).
//
// Desk check for an H100 (132 SMs; per SM 64K 32-bit registers, 228 KB shared memory, at most 32
// resident groups and 64 warps; 4 schedulers each issuing one 32-wide fma per clock, shared memory 128
// bytes per clock), default tile 128 x 128, BK 16, 8 x 8 per item, 16 x 16 items:
//   registers: 64 accumulators + 16 fragment + 16 prefetch floats + addressing, about 110-128 per item,
//     32K per group: 2 groups (16 warps) per SM; above 128 registers it drops to 1 group (8 warps),
//     and if the accumulators do not stay in registers it is slow: on the first GPU run, look for
//     .local loads/stores in the program binary (NVIDIA's is PTX, kept in the binary cache);
//   local memory: 2 buffers x 16 x (128 + 128) floats = 32 KB per group, 64 KB per SM (limit 228 KB,
//     48 KB static per group);
//   shared-memory bandwidth per k step and warp: 64 fma instructions (16 clocks of the SM's 4
//     schedulers) against 2 x 2 (B) + 2 x 1 (A) = 6 wavefronts (6 clocks): compute bound;
//   global traffic: 2 x 128 floats per 128 x 128 x 1 step = 64 fma per float loaded, through L2;
//   waves: n = 4096 -> 1024 groups = 3.9 waves of 264; n = 2048 -> 256 groups, about 1 wave;
//     n <= 1024 uses under half the SMs, so the GPU row also builds 64 x 64 and 16 x 64 tiles and gives
//     such products the largest that fills the SMs (ClTuning.tileLadder, ClGemm.forShape): on an H200,
//     n = 1024 0.171 -> 0.129 ms (64 x 64), n = 512 0.113 -> 0.046 (16 x 64).
#define LX (TN / RN)
#define LY (TM / RM)
#define ITEMS (LX * LY)
#define TM4 (TM / 4)
#define TN4 (TN / 4)
#define LOADS_A (BK * TM4 / ITEMS)
#define LOADS_B (BK * TN4 / ITEMS)
#if RM % 4 != 0 || RN % 4 != 0 || TM % RM != 0 || TN % RN != 0 || (BK * TM4) % ITEMS != 0 || (BK * TN4) % ITEMS != 0
#error "sgemm_tiled: RM and RN must be multiples of 4 dividing TM and TN, and each slice a whole number of float4 per item"
#endif

// Writes the 4-column run of C starting at column j, keeping columns < n; beta == 0 overwrites, so
// uninitialised or NaN values in C never reach the result.
void store_run(__global float* row, int j, int n, float4 v, float beta) {
    float out[4];
    vstore4(v, 0, out);
    for (int t = 0; t < 4 && j + t < n; t++) {
        row[j + t] = beta == 0.0f ? out[t] : out[t] + beta * row[j + t];
    }
}

__kernel __attribute__((reqd_work_group_size(LX, LY, 1)))
void sgemm_tiled(int m, int n, int k, int blocks, int aBlockStride, int panels,
                 __global const float* ap, __global const float* bp,
                 __global float* c, int cOff, int ldc, int strideC,
                 float alpha, float beta,
                 __global const float* rowBias, int biasOff, int hasBias) {
    __local float4 as[2][BK * TM4];
    __local float4 bs[2][BK * TN4];
    int tx = get_local_id(0), ty = get_local_id(1), item = ty * LX + tx;
    int panel = get_group_id(0), block = get_group_id(1), bb = get_group_id(2);
    __global const float4* A = (__global const float4*)(ap + ((long)bb * aBlockStride + block) * (long)k * TM);
    __global const float4* B = (__global const float4*)(bp + ((long)bb * panels + panel) * (long)k * TN);
    float4 acc[RM][RN / 4];
#pragma unroll
    for (int r = 0; r < RM; r++) {
#pragma unroll
        for (int h = 0; h < RN / 4; h++) {
            acc[r][h] = (float4)(0.0f);
        }
    }
    float4 fa[LOADS_A], fb[LOADS_B];
    int slices = (k + BK - 1) / BK;
    for (int s = 0; s <= slices; s++) {
        // fetch slice s into registers (rows past k are zeros), then, from s = 1 on, compute slice s-1
        if (s < slices) {
#pragma unroll
            for (int i = 0; i < LOADS_A; i++) {
                int e = item + i * ITEMS;
                fa[i] = s * BK + e / TM4 < k ? A[(long)s * BK * TM4 + e] : (float4)(0.0f);
            }
#pragma unroll
            for (int i = 0; i < LOADS_B; i++) {
                int e = item + i * ITEMS;
                fb[i] = s * BK + e / TN4 < k ? B[(long)s * BK * TN4 + e] : (float4)(0.0f);
            }
        }
        if (s > 0) {
            __local const float4* sa = as[(s - 1) & 1];
            __local const float4* sb = bs[(s - 1) & 1];
#pragma unroll
            for (int p = 0; p < BK; p++) {
                float4 a[RM / 4], b[RN / 4];
#pragma unroll
                for (int g = 0; g < RM / 4; g++) {
                    a[g] = sa[p * TM4 + g * LY + ty];
                }
#pragma unroll
                for (int h = 0; h < RN / 4; h++) {
                    b[h] = sb[p * TN4 + h * LX + tx];
                }
#pragma unroll
                for (int g = 0; g < RM / 4; g++) {
#pragma unroll
                    for (int h = 0; h < RN / 4; h++) {
                        acc[4 * g][h] = fma((float4)(a[g].x), b[h], acc[4 * g][h]);
                        acc[4 * g + 1][h] = fma((float4)(a[g].y), b[h], acc[4 * g + 1][h]);
                        acc[4 * g + 2][h] = fma((float4)(a[g].z), b[h], acc[4 * g + 2][h]);
                        acc[4 * g + 3][h] = fma((float4)(a[g].w), b[h], acc[4 * g + 3][h]);
                    }
                }
            }
        }
        if (s < slices) {
#pragma unroll
            for (int i = 0; i < LOADS_A; i++) {
                as[s & 1][item + i * ITEMS] = fa[i];
            }
#pragma unroll
            for (int i = 0; i < LOADS_B; i++) {
                bs[s & 1][item + i * ITEMS] = fb[i];
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    __global float* C = c + cOff + (long)bb * strideC;
#pragma unroll
    for (int g = 0; g < RM / 4; g++) {
#pragma unroll
        for (int r = 0; r < 4; r++) {
            int i = block * TM + g * 4 * LY + 4 * ty + r;
            if (i < m) {
                float bias = hasBias ? rowBias[biasOff + i] : 0.0f;
#pragma unroll
                for (int h = 0; h < RN / 4; h++) {
                    store_run(C + (long)i * ldc, panel * TN + h * 4 * LX + 4 * tx, n, alpha * acc[4 * g + r][h] + bias,
                              beta);
                }
            }
        }
    }
}
#endif
