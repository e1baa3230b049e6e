// Batched SGEMM for mimo4j: C_b = alpha * A_b * B_b + beta * C_b (+ an optional per-row bias).
// OpenCL C 1.2. Tile parameters arrive as build options from ClTuning:
//   TM  rows of C per work-item, NV float16 vectors per row, so a work-item owns a TM x (16*NV) block.
// Matrices are addressed through (row stride, column stride) pairs, so one kernel serves NN, NT and
// TN (and the transposed views attention and convolution need) without copying A.
#ifndef TM
#define TM 8
#endif
#ifndef NV
#define NV 2
#endif
#define TN (16 * NV)

// Copies op(B) (k x n per batch) into column panels Bp[batch][panel][k][TN], zero-padding past n.
// Why: the GEMM then streams TN contiguous floats per k step. Without packing, large powers of two
// put every row of B in the same cache sets (n=2048 fell from ~200 to 73 GFLOP/s on PoCL's CPU
// device), and the zero padding removes every bounds test from the inner loop.
// One work-item writes one TN-wide panel row; work-groups are 1 x packRows (ClTuning), because PoCL
// charges about a microsecond per work-group and one element per item was mostly overhead.
__kernel void pack_b(__global const float* b, int bOff, int rs, int cs, int strideB,
                     int k, int n, int panels, __global float* bp) {
    int panel = get_global_id(0);
    int p = get_global_id(1);
    int bb = get_global_id(2);
    if (panel >= panels || p >= k) {
        return;
    }
    __global const float* src = b + bOff + (long)bb * strideB + (long)p * rs;
    __global float* dst = bp + ((long)bb * panels + panel) * (long)k * TN + (long)p * TN;
    int j0 = panel * TN;
    for (int t = 0; t < TN; t++) {
        dst[t] = j0 + t < n ? src[(long)(j0 + t) * cs] : 0.0f;
    }
}

// Copies op(A) (m x k per batch) into row blocks Ap[batch][block][k][TM], zero-padding past m.
// Why: the GEMM then reads TM contiguous floats per k step instead of TM rows lda apart; with lda a
// large power of two those rows all map to the same cache sets and the kernel lost two thirds of its
// speed at n=2048. Padding also removes the row tests from the inner loop. One item per block row.
__kernel void pack_a(__global const float* a, int aOff, int rs, int cs, int strideA,
                     int m, int k, int blocks, __global float* ap) {
    int block = get_global_id(0);
    int p = get_global_id(1);
    int bb = get_global_id(2);
    if (block >= blocks || p >= k) {
        return;
    }
    __global const float* src = a + aOff + (long)bb * strideA + (long)p * cs;
    __global float* dst = ap + (((long)bb * blocks + block) * k + p) * TM;
    int i0 = block * TM;
    for (int r = 0; r < TM; r++) {
        dst[r] = i0 + r < m ? src[(long)(i0 + r) * rs] : 0.0f;
    }
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
    int panel = get_global_id(0);
    int block = get_global_id(1);
    int bb = get_global_id(2);
    if (panel >= panels || block >= blocks) {
        return;
    }
    __global const float* A = ap + ((long)bb * aBlockStride + block) * (long)k * TM;
    __global const float* B = bp + ((long)bb * panels + panel) * (long)k * TN;
    float16 acc[TM][NV];
#pragma unroll
    for (int r = 0; r < TM; r++) {
#pragma unroll
        for (int v = 0; v < NV; v++) {
            acc[r][v] = (float16)(0.0f);
        }
    }
    for (int p = 0; p < k; p++) {
        float16 bv[NV];
#pragma unroll
        for (int v = 0; v < NV; v++) {
            bv[v] = vload16(v, B + (long)p * TN);
        }
        __global const float* arow = A + (long)p * TM;
#pragma unroll
        for (int r = 0; r < TM; r++) {
            float16 av = (float16)(arow[r]);
#pragma unroll
            for (int v = 0; v < NV; v++) {
                acc[r][v] = fma(av, bv[v], acc[r][v]);
            }
        }
    }
    __global float* C = c + cOff + (long)bb * strideC;
    int i0 = block * TM;
    int j0 = panel * TN;
    int cols = min(TN, n - j0);
#pragma unroll
    for (int r = 0; r < TM; r++) {
        int i = i0 + r;
        if (i < m) {
            float bias = hasBias ? rowBias[biasOff + i] : 0.0f;
            float out[TN];
#pragma unroll
            for (int v = 0; v < NV; v++) {
                vstore16(alpha * acc[r][v] + bias, v, out);
            }
            __global float* row = C + (long)i * ldc + j0;
            for (int t = 0; t < cols; t++) {
                row[t] = beta == 0.0f ? out[t] : out[t] + beta * row[t];
            }
        }
    }
}
