// 2-D convolution (NCHW) for mimo4j as GEMM, one group at a time. OpenCL C 1.2.
// Instead of a separate im2col pass followed by the GEMM's own packing of B (two full copies of the
// column matrix; a naive im2col was the bottleneck at 2.9 ms vs 0.8 ms in PyTorch), the packing
// kernels below write the GEMM's TN-wide column panels straight from the image: one copy, written
// contiguously. TM and TN come from the same build options as matmul.cl.
// Geometry arguments G: inH, inW, kh, kw, strideH, strideW, padH, padW, dilH, dilW, outH, outW.
#ifndef TM
#define TM 8
#endif
#ifndef NV
#define NV 2
#endif
#define TN (16 * NV)

#define GEOM int inH, int inW, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow

// Value of the column matrix of image x (already offset to the group's first channel):
// row kk = (ci, ky, kx), column pos = (oy, ox); zero where the kernel hangs over the padding.
inline float im2col_value(__global const float* x, GEOM, int kk, int pos) {
    int ci = kk / (kh * kw);
    int r = kk - ci * kh * kw;
    int ky = r / kw;
    int kx = r - ky * kw;
    int oy = pos / ow;
    int ox = pos - oy * ow;
    int iy = oy * sh - ph + ky * dh;
    int ix = ox * sw - pw + kx * dw;
    if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) {
        return 0.0f;
    }
    return x[((long)ci * inH + iy) * inW + ix];
}

// Forward / backward-data B: per image n, the K x P column matrix (K = cinG*kh*kw, P = outH*outW)
// packed into panels over P. Work-item = one packed element; local size (TN,1,1).
__kernel void pack_cols(__global const float* x, int xOff, int imageStride, GEOM,
                        int kdim, int p, int panels, __global float* bp) {
    int j = get_global_id(0);
    int kk = get_global_id(1);
    int n = get_global_id(2);
    if (j >= panels * TN || kk >= kdim) {
        return;
    }
    float v = 0.0f;
    if (j < p) {
        v = im2col_value(x + xOff + (long)n * imageStride, inH, inW, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, kk, j);
    }
    bp[((long)n * panels + j / TN) * (long)kdim * TN + (long)kk * TN + (j % TN)] = v;
}

// Backward-weight B: the transposed column matrix of all images stacked, (N*P) x K, packed into
// panels over K, so dW = dY' * B is one GEMM whose inner dimension runs over images and positions.
__kernel void pack_cols_t(__global const float* x, int xOff, int imageStride, GEOM,
                          int kdim, int p, int rows, int panels, __global float* bp) {
    int j = get_global_id(0);
    int q = get_global_id(1);
    if (j >= panels * TN || q >= rows) {
        return;
    }
    float v = 0.0f;
    if (j < kdim) {
        int n = q / p;
        v = im2col_value(x + xOff + (long)n * imageStride, inH, inW, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, j, q - n * p);
    }
    bp[(long)(j / TN) * (long)rows * TN + (long)q * TN + (j % TN)] = v;
}

// Backward-weight A: dY of one group as [coutG][N*P], written straight into the GEMM's packed row
// blocks Ap[block][q][TM] (q = n*P + pos), zero-padded past coutG. Local size (TM,1,1).
__kernel void pack_dy(__global const float* dy, int dyOff, int imageStride, int coutG, int p, int rows,
                      int blocks, __global float* ap) {
    int o = get_global_id(0);
    int q = get_global_id(1);
    if (o >= blocks * TM || q >= rows) {
        return;
    }
    float v = 0.0f;
    if (o < coutG) {
        int n = q / p;
        v = dy[dyOff + (long)n * imageStride + (long)o * p + (q - n * p)];
    }
    ap[((long)(o / TM) * rows + q) * TM + (o % TM)] = v;
}

// col2im as a gather: each input pixel sums the column entries that read it, so there are no atomics
// and the result is deterministic. dcol is [N][K][P]; dx is written for the group's channels only.
__kernel void col2im(__global const float* dcol, GEOM, int cinG, int kdim, int p,
                     __global float* dx, int dxOff, int imageStride) {
    int pix = get_global_id(0);
    int ci = get_global_id(1);
    int n = get_global_id(2);
    if (pix >= inH * inW || ci >= cinG) {
        return;
    }
    int iy = pix / inW;
    int ix = pix - iy * inW;
    __global const float* col = dcol + (long)n * kdim * p;
    float acc = 0.0f;
    for (int ky = 0; ky < kh; ky++) {
        int ty = iy + ph - ky * dh;
        if (ty < 0 || ty % sh != 0 || ty / sh >= oh) {
            continue;
        }
        for (int kx = 0; kx < kw; kx++) {
            int tx = ix + pw - kx * dw;
            if (tx < 0 || tx % sw != 0 || tx / sw >= ow) {
                continue;
            }
            acc += col[((long)(ci * kh + ky) * kw + kx) * p + (ty / sh) * ow + tx / sw];
        }
    }
    dx[dxOff + (long)n * imageStride + (long)ci * inH * inW + pix] = acc;
}
