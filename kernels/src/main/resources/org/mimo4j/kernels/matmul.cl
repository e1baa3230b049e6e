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
// One work-item per packed element; local size (TN,1,1) keeps a work-group on one panel row.
__kernel void pack_b(__global const float* b, int bOff, int rs, int cs, int strideB,
                     int k, int n, int panels, __global float* bp) {
    int j = get_global_id(0);
    int p = get_global_id(1);
    int bb = get_global_id(2);
    if (j >= panels * TN || p >= k) {
        return;
    }
    float v = 0.0f;
    if (j < n) {
        v = b[bOff + (long)bb * strideB + (long)p * rs + (long)j * cs];
    }
    bp[((long)bb * panels + j / TN) * (long)k * TN + (long)p * TN + (j % TN)] = v;
}

// One work-item computes a TM x TN block of C held in TM*NV float16 registers: per k step it loads
// TN floats of the packed panel and TM floats of A and issues TM*NV vector fma. This register
// blocking, not local memory, is what a CPU device rewards: GPU-style local tiles with barriers reached
// 6 GFLOP/s on PoCL, this kernel about 200 (OpenBLAS speed). On GPUs ClTuning picks a smaller block.
// Rows past m are clamped to m-1 for reading (always valid memory) and skipped when writing.
__kernel void sgemm_panel(int m, int n, int k, int panels,
                          __global const float* a, int aOff, int ars, int acs, int strideA,
                          __global const float* bp,
                          __global float* c, int cOff, int ldc, int strideC,
                          float alpha, float beta,
                          __global const float* rowBias, int biasOff, int hasBias) {
    int panel = get_global_id(0);
    int i0 = get_global_id(1) * TM;
    int bb = get_global_id(2);
    if (panel >= panels || i0 >= m) {
        return;
    }
    __global const float* A = a + aOff + (long)bb * strideA;
    __global const float* B = bp + ((long)bb * panels + panel) * (long)k * TN;
    long rowOff[TM];
    float16 acc[TM][NV];
#pragma unroll
    for (int r = 0; r < TM; r++) {
        rowOff[r] = (long)min(i0 + r, m - 1) * ars;
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
        long pc = (long)p * acs;
#pragma unroll
        for (int r = 0; r < TM; r++) {
            float16 av = (float16)(A[rowOff[r] + pc]);
#pragma unroll
            for (int v = 0; v < NV; v++) {
                acc[r][v] = fma(av, bv[v], acc[r][v]);
            }
        }
    }
    __global float* C = c + cOff + (long)bb * strideC;
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
