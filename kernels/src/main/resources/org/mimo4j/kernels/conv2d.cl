// 2-D convolution (NCHW) for mimo4j as GEMM, one group at a time. OpenCL C 1.2.
// Instead of a separate im2col pass followed by the GEMM's own packing of B (two full copies of the
// column matrix; a naive im2col was the bottleneck at 2.9 ms vs 0.8 ms in PyTorch), the packing
// kernels below write the GEMM's TN-wide column panels straight from the image: one copy, written
// contiguously. TM and TN come from the same build options as matmul.cl.
// Stride-1, dilation-1, one-group convolutions skip the column matrix altogether (ClConv.onGrid):
// pad_grid copies each image into a zero-padded grid that matmul.cl's sgemm_shifted reads in place,
// and grid_dy / conv_dw_grid (or conv_dw_direct, reading dY in place) compute the weight gradient from
// the same grids. On CPU devices conv_lanes / conv_lanes_wide (forward, backward-data) and conv_dw_lanes
// (weight gradient) put channels across the vector lanes instead, where ClConvLanes expects that to win.
// Geometry arguments G: inH, inW, kh, kw, strideH, strideW, padH, padW, dilH, dilW, outH, outW.
#include "tile.h"

#define GEOM int inH, int inW, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow

// Forward / backward-data B: per image n, the K x P column matrix (K = cinG*kh*kw, P = outH*outW)
// packed into panels over P. One work-item writes one TN-wide panel row: the kernel tap (ci, ky, kx)
// is fixed and the output position advances incrementally, so there is one division per item rather
// than four per element. Work-groups are 1 x packRows (ClTuning), as in matmul.cl's packing.
#ifndef BK
__kernel void pack_cols(__global const float* x, int xOff, int imageStride, GEOM,
                        int kdim, int p, int panels, __global float* bp) {
    int panel = get_global_id(0);
    int kk = get_global_id(1);
    int n = get_global_id(2);
    if (panel >= panels || kk >= kdim) {
        return;
    }
    int ci = kk / (kh * kw);
    int r = kk - ci * kh * kw;
    int ky = r / kw;
    int kx = r - ky * kw;
    __global const float* plane = x + xOff + (long)n * imageStride + (long)ci * inH * inW;
    __global float* dst = bp + ((long)n * panels + panel) * (long)kdim * TN + (long)kk * TN;
    int j0 = panel * TN;
    int oy = j0 / ow;
    int ox = j0 - oy * ow;
    for (int t = 0; t < TN; t++) {
        int iy = oy * sh - ph + ky * dh;
        int ix = ox * sw - pw + kx * dw;
        bool inside = j0 + t < p && iy >= 0 && iy < inH && ix >= 0 && ix < inW;
        dst[t] = inside ? plane[iy * inW + ix] : 0.0f;
        if (++ox == ow) {
            ox = 0;
            oy++;
        }
    }
}
#else
// GPU builds (BK defined): one work-item per four floats, the panel's column fastest (ClTuning.packGlobal:
// panels*TN/4 x kdim), so a warp stores one contiguous run and loads neighbouring pixels. The loop above
// has a warp store 32 rows TN floats apart at every step; on an H200 that made pack_cols and pack_cols_t
// cost more than the GEMMs they feed. Four floats per item share its divisions.
__kernel void pack_cols(__global const float* x, int xOff, int imageStride, GEOM,
                        int kdim, int p, int panels, __global float* bp) {
    long at = packed_run(panels, kdim, TN);
    if (at < 0) {
        return;
    }
    int j = 4 * get_global_id(0);
    int kk = get_global_id(1);
    int n = get_global_id(2);
    int ci = kk / (kh * kw);
    int r = kk - ci * kh * kw;
    int ky = r / kw;
    int kx = r - ky * kw;
    int oy = j / ow;
    int ox = j - oy * ow;
    __global const float* plane = x + xOff + (long)n * imageStride + (long)ci * inH * inW;
    float v[4];
    for (int t = 0; t < 4; t++) {
        int iy = oy * sh - ph + ky * dh;
        int ix = ox * sw - pw + kx * dw;
        bool inside = j + t < p && iy >= 0 && iy < inH && ix >= 0 && ix < inW;
        v[t] = inside ? plane[iy * inW + ix] : 0.0f;
        if (++ox == ow) {
            ox = 0;
            oy++;
        }
    }
    vstore4(vload4(0, v), 0, bp + at);
}
#endif

// dst[0, len) = src[0, len) and dst[0, len) = 0 in float4 steps, then one float at a time: the grid
// kernels' lines are 16-30 floats at any offset, and with one store per float (the vectorizer does
// not cross a work-item's own loop) pad_grid and grid_dy ran at a fraction of a copy's speed.
void copy_run(__global const float* src, __global float* dst, int len) {
    int u = 0;
    for (; u + 4 <= len; u += 4) {
        vstore4(vload4(0, src + u), 0, dst + u);
    }
    for (; u < len; u++) {
        dst[u] = src[u];
    }
}

void zero_run(__global float* dst, int len) {
    int u = 0;
    for (; u + 4 <= len; u += 4) {
        vstore4((float4) 0.0f, 0, dst + u);
    }
    for (; u < len; u++) {
        dst[u] = 0.0f;
    }
}

// Stride-1 convolutions on the grid (matmul.cl's sgemm_shifted): copies each image of x
// ([ch][h][w], imageStride apart) into a zero-padded grid [ch][gh][gw] (ph rows and pw columns of
// zeros before the image, the rest after; lines are w + pw wide where pw < kw, ClGrid.lineWidth: a
// window past a line's end reads the next line's left padding), grids gridStride apart; the floats
// between ch*gh*gw and gridStride are the zero tail the shifted reads of the last panel run into. One
// work-item writes one whole plane (work-item ch: the tail), line after line: with one work-item per
// 16-30 float line, PoCL ran the small CNN's 16-channel 14x14 pads (32 images) in 94 us and its
// 32-channel ones in 128 (median device time), per plane in 25 and 52 us; a work-item's own loop is not
// vectorized across work-items either way, and a plane's work-item starts once instead of once per line.
__kernel void pad_grid(__global const float* x, int xOff, int imageStride, int ch, int h, int w, int ph, int pw,
                       int gh, int gw, int gridStride, __global float* grid) {
    int c = get_global_id(0);
    int n = get_global_id(1);
    if (c > ch) {
        return;
    }
    __global float* image = grid + (long)n * gridStride;
    if (c == ch) {
        zero_run(image + (long)ch * gh * gw, gridStride - ch * gh * gw);
        return;
    }
    __global const float* src = x + xOff + (long)n * imageStride + (long)c * h * w;
    __global float* dst = image + (long)c * gh * gw + ph * gw + pw; // where the image's first row goes
    zero_run(dst - ph * gw - pw, ph * gw + pw);
    for (int iy = 0; iy < h; iy++, src += w, dst += gw) {
        copy_run(src, dst, w);
        // the zeros up to the next row, or after the last row the bottom padding
        zero_run(dst + w, iy + 1 < h ? gw - w : (gh - ph - h + 1) * gw - pw - w);
    }
}

// Weight gradient on the grid: dY of each image laid out on the grid positions of x's grid, [cout]
// planes of `plane` floats (oh*gw positions rounded up to 16), zeros at the dropped columns ox >= ow
// and past the positions, so that conv_dw_grid can run whole float16 steps over every plane. One
// work-item writes one plane, line after line (see pad_grid).
__kernel void grid_dy(__global const float* dy, int dyOff, int oh, int ow, int gw, int plane, int cout,
                      __global float* out) {
    int co = get_global_id(0);
    int n = get_global_id(1);
    if (co >= cout) {
        return;
    }
    __global const float* src = dy + dyOff + ((long)n * cout + co) * oh * ow;
    __global float* dst = out + ((long)n * cout + co) * plane;
    for (int oy = 0; oy < oh; oy++, src += ow, dst += gw) {
        copy_run(src, dst, ow);
        zero_run(dst + ow, oy + 1 < oh ? gw - ow : plane - (oh - 1) * gw - ow); // then the plane's tail
    }
}

// Output channels (DW_R) and taps (DW_C) per weight-gradient work-item: DW_R * DW_C float16 accumulators,
// set per vector width by ClConvTiles (4 x 4 fills half of AVX-512's 32 registers; AVX2 gets 2 x 2).
#ifndef DW_R
#define DW_R 4
#endif
#ifndef DW_C
#define DW_C 4
#endif

// The weight-gradient tile of a work-item: grid offsets of its DW_C taps and plane starts of its DW_R
// output channels; taps and channels past the last repeat it (computed, not stored).
void dw_offsets(int* off, int* row, int tb, int cb, int gh, int gw, int kh, int kw, int cout, int taps,
                int plane) {
    for (int c = 0; c < DW_C; c++) {
        off[c] = tap_offset(min(tb * DW_C + c, taps - 1), gh, gw, kh, kw);
    }
    for (int r = 0; r < DW_R; r++) {
        row[r] = min(cb * DW_R + r, cout - 1) * plane;
    }
}

#define DW_CLEAR(acc) \
    _Pragma("unroll") \
    for (int r_ = 0; r_ < DW_R; r_++) { \
        _Pragma("unroll") \
        for (int c_ = 0; c_ < DW_C; c_++) { \
            (acc)[r_][c_] = (float16)(0.0f); \
        } \
    }

// 16 positions: dY at d + row[r] + dq (lanes where keep is 0 replaced by zeros) against x at
// x + off[c] + xq. A macro so that the accumulators stay in registers.
#define DW_STEP(acc, d, dq, x, xq, keep) \
    do { \
        float16 dv_[DW_R], xv_[DW_C]; \
        _Pragma("unroll") \
        for (int r_ = 0; r_ < DW_R; r_++) { \
            dv_[r_] = select((float16)(0.0f), vload16(0, (d) + row[r_] + (dq)), (keep)); \
        } \
        _Pragma("unroll") \
        for (int c_ = 0; c_ < DW_C; c_++) { \
            xv_[c_] = vload16(0, (x) + off[c_] + (xq)); \
        } \
        _Pragma("unroll") \
        for (int r_ = 0; r_ < DW_R; r_++) { \
            _Pragma("unroll") \
            for (int c_ = 0; c_ < DW_C; c_++) { \
                (acc)[r_][c_] = fma(dv_[r_], xv_[c_], (acc)[r_][c_]); \
            } \
        } \
    } while (0)

// Each accumulator's 16 lanes reduced by a fixed halving tree into out[co][tap], for the tile's valid
// channels and taps.
void dw_store(float16 acc[DW_R][DW_C], __global float* out, int tb, int cb, int cout, int taps) {
    for (int r = 0; r < DW_R; r++) {
        for (int c = 0; c < DW_C; c++) {
            int co = cb * DW_R + r, tap = tb * DW_C + c;
            if (co < cout && tap < taps) {
                float8 h8 = acc[r][c].lo + acc[r][c].hi;
                float4 h4 = h8.lo + h8.hi;
                float2 h2 = h4.lo + h4.hi;
                out[(long)co * taps + tap] = h2.x + h2.y;
            }
        }
    }
}

// dW[co][tap] = sum over images and grid positions q of dyGrid[co][q] * xGrid[q + offset(tap)]: a
// work-item owns DW_R output channels x DW_C taps and runs float16 fma over the positions of the
// images of its slice (slice sl covers images [sl*perSlice, (sl+1)*perSlice)), then reduces each
// accumulator's 16 lanes by a fixed halving tree into partial[sl][co][tap]; sum_slices adds the slices
// in order, so the result is deterministic. Reads of x past its last grid position stay inside the
// zero tail of the grid (ClGrid.stride covers the plane rounded up to the GEMM's panels, a multiple of
// 16), and are multiplied by dY's zeros. Rows and taps past cout and taps repeat the last valid one and
// are not written.
__kernel void conv_dw_grid(__global const float* dyg, int plane, __global const float* xg, int gridStride,
                           int gh, int gw, int kh, int kw, int cout, int taps, int n, int perSlice,
                           __global float* partial) {
    int tb = get_global_id(0);
    int cb = get_global_id(1);
    int sl = get_global_id(2);
    if (tb >= (taps + DW_C - 1) / DW_C || cb >= (cout + DW_R - 1) / DW_R || sl * perSlice >= n) {
        return;
    }
    int off[DW_C], row[DW_R];
    dw_offsets(off, row, tb, cb, gh, gw, kh, kw, cout, taps, plane);
    float16 acc[DW_R][DW_C];
    DW_CLEAR(acc);
    int last = min(n, (sl + 1) * perSlice);
    for (int img = sl * perSlice; img < last; img++) {
        __global const float* d = dyg + (long)img * cout * plane;
        __global const float* x = xg + (long)img * gridStride;
        for (int q = 0; q < plane; q += 16) {
            DW_STEP(acc, d, q, x, q, (int16)(-1));
        }
    }
    dw_store(acc, partial + (long)sl * cout * taps, tb, cb, cout, taps);
}

// conv_dw_grid without grid_dy, where rows in 16-wide chunks cost few lanes more than the grid's lines
// (ClConvGrid.dwDirect; a 32-wide CIFAR output: 2 chunks per row against 34 grid positions): dY is read
// where it is, [n][cout][oh][ow], row by row. A row's last chunk, when ow is not a multiple of 16, is
// the row's last 16 floats (so every read stays inside the row) with the lanes the previous chunk
// covered masked to zero. A row narrower than 16 is one chunk of its first 16 floats with the lanes
// past it masked: those reads run into the next row, and past the last row of dY and of x's grid only
// where ClConvGrid.dwDirect saw room in both buffers (x's lanes there are the grid's zero tail). Same
// tiles, slices and reduction as conv_dw_grid.
__kernel void conv_dw_direct(__global const float* dy, int dyOff, __global const float* xg, int gridStride,
                             int gh, int gw, int kh, int kw, int oh, int ow, int cout, int taps, int n,
                             int perSlice, __global float* partial) {
    int tb = get_global_id(0);
    int cb = get_global_id(1);
    int sl = get_global_id(2);
    if (tb >= (taps + DW_C - 1) / DW_C || cb >= (cout + DW_R - 1) / DW_R || sl * perSlice >= n) {
        return;
    }
    int plane = oh * ow;
    int off[DW_C], row[DW_R];
    dw_offsets(off, row, tb, cb, gh, gw, kh, kw, cout, taps, plane);
    float16 acc[DW_R][DW_C];
    DW_CLEAR(acc);
    int full = ow / 16, rem = ow - full * 16;
    int16 lane = (int16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    int16 tail = lane >= (int16)(16 - rem), head = lane < (int16)(ow);
    int last = min(n, (sl + 1) * perSlice);
    for (int img = sl * perSlice; img < last; img++) {
        __global const float* d = dy + dyOff + (long)img * cout * plane;
        __global const float* x = xg + (long)img * gridStride;
        for (int oy = 0; oy < oh; oy++) {
            if (full == 0) {
                DW_STEP(acc, d, oy * ow, x, oy * gw, head);
                continue;
            }
            for (int c = 0; c < full; c++) {
                DW_STEP(acc, d, oy * ow + 16 * c, x, oy * gw + 16 * c, (int16)(-1));
            }
            if (rem > 0) {
                DW_STEP(acc, d, oy * ow + ow - 16, x, oy * gw + ow - 16, tail);
            }
        }
    }
    dw_store(acc, partial + (long)sl * cout * taps, tb, cb, cout, taps);
}

// ---- Channels across the vector lanes (ClConvLanes): stride-1 convolutions with narrow outputs ----
// The grid GEMM computes whole grid lines (kw-1-pw dropped columns per line: with its panel rounding, 160
// positions for a 10 x 10 LeNet output) and pads every image. Here a work-item owns LB consecutive
// output positions (across rows) of one image and LN output channels: per tap one float16 of weights
// and LB broadcasts of the input into LB float16 accumulators (one vfmadd with an embedded broadcast
// each on AVX-512), so only the last block of a plane is partly wasted, and an unpadded input is read
// in place. On AVX-512, float8 lanes, tried first, were bound by the broadcasts (one per 8 multiply-adds:
// 0.24 ms for LeNet's forward against 0.14 ms). Forward reads x (or its grid when padded) with the weights as
// [block][cin*kh*kw][LN] (pack_w_lanes); backward-data reads dY's grid (padded by k-1-pad) with
// pack_w_flipped's [block][cout*kh*kw][LN]. Each output is one fma chain in tap order from zero, then
// the bias: the shifted GEMM's order, so the two routes give the same bits. One item per work-group: a
// CPU-shaped kernel, used only where the grid route is (ClConv.onGrid). LN (set by ClConvTiles) is 16
// where a register holds 16 floats; where it holds 8 (AVX2) the lanes are float8: 8 float16 accumulators
// would take all 16 registers and spill, while a broadcast there is a load, not a shuffle (LeNet's
// forward 0.34 ms against 0.48 with float16 on a Zen 3).
#ifndef LN
#define LN 16
#endif
#if LN == 16
#define floatLN float16
#define vloadLN vload16
#define vstoreLN vstore16
#elif LN == 8
#define floatLN float8
#define vloadLN vload8
#define vstoreLN vstore8
#else
#error "LN must be 8 or 16"
#endif
#define LB 8

// wl[block][tap][LN] = w[block*LN + l][tap] (w is [cout][taps]), zeros past cout. One item per tap.
__kernel void pack_w_lanes(__global const float* w, int cout, int taps, int blocks, __global float* wl) {
    int block = get_global_id(0);
    int tap = get_global_id(1);
    if (block >= blocks || tap >= taps) {
        return;
    }
    __global float* dst = wl + ((long)block * taps + tap) * LN;
    for (int l = 0; l < LN; l++) {
        int co = block * LN + l;
        dst[l] = co < cout ? w[(long)co * taps + tap] : 0.0f;
    }
}

// d[0 .. valid) = the first valid elements of v: a plane's last, partial block of positions.
inline void store_head(float8 v, int valid, __global float* d) {
    float e[8];
    vstore8(v, 0, e);
    for (int j = 0; j < valid; j++) {
        d[j] = e[j];
    }
}

// Lane l of the LB accumulators is output channel block*LN + l at LB consecutive positions of its plane:
// gathered into one float8 and stored whole (one vector store per channel instead of LB scalar ones,
// which left a CIFAR-sized output 5x slower than the GEMM), element by element for a plane's last block.
#define LANE_STORE(sl, l) \
    do { \
        int co_ = block * LN + (l); \
        if (co_ < cout) { \
            float8 v_ = (float8)(acc[0].sl, acc[1].sl, acc[2].sl, acc[3].sl, acc[4].sl, acc[5].sl, acc[6].sl, \
                                 acc[7].sl) + (hasBias ? bias[co_] : 0.0f); \
            __global float* d_ = dst + (long)co_ * positions; \
            if (valid == LB) { \
                vstore8(v_, 0, d_); \
            } else { \
                store_head(v_, valid, d_); \
            } \
        } \
    } while (0)

// base[j] = the grid offset of output position p0 + j (j < nb) of an oh x ow plane on grid lines gw
// wide; positions past the plane repeat the last one (computed, not stored).
inline void lane_bases(int p0, int nb, int positions, int ow, int gw, int* base) {
    _Pragma("unroll")
    for (int j = 0; j < nb; j++) {
        int p = min(p0 + j, positions - 1);
        int oy = p / ow;
        base[j] = oy * gw + p - oy * ow;
    }
}

// The arguments of conv_lanes and conv_lanes_wide, and their work-item: nb positions from pb*nb of image n
// for channel block `block`; items past the plane or the blocks return. Rows [top, top + rows) of the
// input's planes hold the image, the others padding: ky is the kernel rows [ky.x, ky.y) that the item's
// output rows read the image with (tap_rows); the others would add only products with zero.
#define LANES_ARGS \
    __global const float *in, int inOff, int inImage, int ch, int gh, int gw, int kh, int kw, int top, int rows, \
    __global const float *wl, int blocks, __global const float *bias, int hasBias, int oh, int ow, int cout, \
    __global float *out, int outOff
#define LANES_ITEM(nb) \
    int pb = get_global_id(0); \
    int block = get_global_id(1); \
    int n = get_global_id(2); \
    int positions = oh * ow; \
    if (pb * (nb) >= positions || block >= blocks) { \
        return; \
    } \
    int2 ky = tap_rows(pb * (nb) / ow, (min((pb + 1) * (nb), positions) - 1) / ow, kh, top, rows)

// out[n][block*LN + l][p] (p = oy*ow + ox of the oh x ow output, images cout*oh*ow apart, from outOff)
// = bias + sum over taps (c, ky, kx) of wl[block][tap][l] * in[n][c][oy + ky][ox + kx], in being
// images of ch planes gh x gw, inImage apart from inOff. Positions past the plane repeat the last one
// (computed, not stored).
__kernel void conv_lanes(LANES_ARGS) {
    LANES_ITEM(LB);
    int base[LB];
    floatLN acc[LB];
    lane_bases(pb * LB, LB, positions, ow, gw, base);
    _Pragma("unroll")
    for (int j = 0; j < LB; j++) {
        acc[j] = (floatLN)(0.0f);
    }
    __global const float* src = in + inOff + (long)n * inImage;
    __global const float* wb = wl + (long)block * ch * kh * kw * LN;
    for (int c = 0; c < ch; c++) {
        __global const float* wv = wb + (c * kh + ky.x) * kw * LN;
        for (int y = ky.x; y < ky.y; y++) {
            __global const float* row = src + (c * gh + y) * gw;
            for (int kx = 0; kx < kw; kx++) {
                floatLN wvl = vloadLN(0, wv);
                wv += LN;
                _Pragma("unroll")
                for (int j = 0; j < LB; j++) {
                    acc[j] = fma(wvl, (floatLN)(row[base[j] + kx]), acc[j]);
                }
            }
        }
    }
    __global float* dst = out + outOff + (long)n * cout * positions + pb * LB;
    int valid = min(LB, positions - pb * LB);
    LANE_STORE(s0, 0); LANE_STORE(s1, 1); LANE_STORE(s2, 2); LANE_STORE(s3, 3);
    LANE_STORE(s4, 4); LANE_STORE(s5, 5); LANE_STORE(s6, 6); LANE_STORE(s7, 7);
#if LN == 16
    LANE_STORE(s8, 8); LANE_STORE(s9, 9); LANE_STORE(sa, 10); LANE_STORE(sb, 11);
    LANE_STORE(sc, 12); LANE_STORE(sd, 13); LANE_STORE(se, 14); LANE_STORE(sf, 15);
#endif
}

// ---- conv_lanes_wide: two vectors of lanes x LW positions, AVX2's 6 x 16 register tile ----
// With float8 lanes conv_lanes keeps 8 accumulators, and per multiply-add issues one broadcast, 1/8 of a
// weight load and its share of LB position pointers stepped per kernel row: 20 instructions per 8 fma in
// its tap loop, so the front end, not the FMA units, sets its pace (about 0.6 of the FMA peak on a
// Zen 3). Here a work-item owns 2*LN channels (weight blocks 2b and 2b+1, taps*LN apart in wl, so
// pack_w_lanes and pack_w_flipped serve both kernels) at LW = 6 positions: 12 accumulators, 2 weight
// vectors and a broadcast take 15 of AVX2's 16 registers, and each broadcast feeds two fma. PoCL on a
// Zen 3, one JVM alternating with conv_lanes (8 rounds, medians of 20 calls): the small CNN's 16 -> 32
// forward 0.82-0.85x the time, backward-data 0.76-0.80x, LeNet's 6 -> 16 forward 0.87x, CIFAR's 3 -> 64
// forward 0.86x; same bits (the same fma chain per output). ClConvLanes#form picks it where its blocks
// of 16 channels waste little (not for the 6 input channels of LeNet's backward-data: 1.33x).
#define LW 6

// Lane l of accumulators A[0..LW) is channel (2*block + half)*LN + l at LW consecutive positions: one
// float4 and one float2 store per channel, element by element for a plane's last block.
#define WIDE_STORE(A, half, sl, l) \
    do { \
        int co_ = (2 * block + (half)) * LN + (l); \
        if (co_ < cout) { \
            float8 v_ = (float8)(A[0].sl, A[1].sl, A[2].sl, A[3].sl, A[4].sl, A[5].sl, 0.0f, 0.0f) \
                        + (hasBias ? bias[co_] : 0.0f); \
            __global float* d_ = dst + (long)co_ * positions; \
            if (valid == LW) { \
                vstore4(v_.lo, 0, d_); \
                vstore2(v_.s45, 0, d_ + 4); \
            } else { \
                store_head(v_, valid, d_); \
            } \
        } \
    } while (0)
#define WIDE_STORE_HALF(A, half) \
    do { \
        WIDE_STORE(A, half, s0, 0); WIDE_STORE(A, half, s1, 1); WIDE_STORE(A, half, s2, 2); \
        WIDE_STORE(A, half, s3, 3); WIDE_STORE(A, half, s4, 4); WIDE_STORE(A, half, s5, 5); \
        WIDE_STORE(A, half, s6, 6); WIDE_STORE(A, half, s7, 7); \
        WIDE_STORE_UPPER(A, half); \
    } while (0)
#if LN == 16
#define WIDE_STORE_UPPER(A, half) \
    do { \
        WIDE_STORE(A, half, s8, 8); WIDE_STORE(A, half, s9, 9); WIDE_STORE(A, half, sa, 10); \
        WIDE_STORE(A, half, sb, 11); WIDE_STORE(A, half, sc, 12); WIDE_STORE(A, half, sd, 13); \
        WIDE_STORE(A, half, se, 14); WIDE_STORE(A, half, sf, 15); \
    } while (0)
#else
#define WIDE_STORE_UPPER(A, half) do { } while (0)
#endif

// conv_lanes' sum with blocks of 2*LN channels: out[n][(2*block + h)*LN + l][p] = bias + sum over taps
// of wl[2*block + h][tap][l] * in[n][c][oy + ky][ox + kx]; wl holds 2*blocks blocks (zeros past cout).
__kernel void conv_lanes_wide(LANES_ARGS) {
    LANES_ITEM(LW);
    int base[LW];
    floatLN lo[LW], hi[LW];
    lane_bases(pb * LW, LW, positions, ow, gw, base);
    _Pragma("unroll")
    for (int j = 0; j < LW; j++) {
        lo[j] = (floatLN)(0.0f);
        hi[j] = (floatLN)(0.0f);
    }
    int upper = ch * kh * kw * LN;
    __global const float* src = in + inOff + (long)n * inImage;
    __global const float* wb = wl + (long)2 * block * upper;
    for (int c = 0; c < ch; c++) {
        __global const float* wv = wb + (c * kh + ky.x) * kw * LN;
        for (int y = ky.x; y < ky.y; y++) {
            __global const float* row = src + (c * gh + y) * gw;
            for (int kx = 0; kx < kw; kx++) {
                floatLN w0 = vloadLN(0, wv);
                floatLN w1 = vloadLN(0, wv + upper);
                wv += LN;
                _Pragma("unroll")
                for (int j = 0; j < LW; j++) {
                    floatLN xb = (floatLN)(row[base[j] + kx]);
                    lo[j] = fma(w0, xb, lo[j]);
                    hi[j] = fma(w1, xb, hi[j]);
                }
            }
        }
    }
    __global float* dst = out + outOff + (long)n * cout * positions + pb * LW;
    int valid = min(LW, positions - pb * LW);
    WIDE_STORE_HALF(lo, 0);
    WIDE_STORE_HALF(hi, 1);
}

// ---- The weight gradient with channels across the lanes (ClConvLanes#backwardWeight) ----
// conv_dw_grid / conv_dw_direct run dot products along positions: per step DW_R + DW_C vector loads for
// DW_R * DW_C fma (1 : 1 on AVX2's 2 x 2 of float16), then a reduction across each accumulator's lanes.
// Here the product dW^T[tap][co] = sum over positions of x's shifted window [tap][q] times dY^T[q][co]
// takes conv_lanes_wide's register tile: per output position one broadcast of x for each of LW taps and
// two vectors of dY^T (2*LN channels), 2 + LW loads for 2*LW fma, and each sum stays in its lane to the
// end. dY^T is written once by pack_dy_lanes.

// dyT[block][img][q][2*LN] = dy[dyOff + (img*cout + block*2*LN + l)*p + q], zeros past cout. One work-item
// per block and image (PoCL pays for every work-group it schedules) walks the positions 8 at a time: for
// each 8 channels a float8 read from each channel's row, transposed into 8 float8 writes of position rows.
#define DYT_ROW(k, sk) \
    do { \
        if ((k) < run) { \
            vstore8((float8)(v[0].sk, v[1].sk, v[2].sk, v[3].sk, v[4].sk, v[5].sk, v[6].sk, v[7].sk), 0, \
                    dst + (k) * 2 * LN + g); \
        } \
    } while (0)
__kernel void pack_dy_lanes(__global const float* dy, int dyOff, int p, int cout, int images, int blocks,
                            __global float* dyT) {
    int block = get_global_id(0);
    int img = get_global_id(1);
    if (block >= blocks || img >= images) {
        return;
    }
    __global const float* rows = dy + dyOff + ((long)img * cout + block * 2 * LN) * p;
    for (int p0 = 0; p0 < p; p0 += 8) {
        int run = min(8, p - p0);
        __global float* dst = dyT + (((long)block * images + img) * p + p0) * 2 * LN;
        for (int g = 0; g < 2 * LN; g += 8) {
            float8 v[8];
            for (int l = 0; l < 8; l++) {
                bool real = block * 2 * LN + g + l < cout;
                __global const float* src = rows + (long)(g + l) * p + p0;
                if (real && run == 8) {
                    v[l] = vload8(0, src);
                } else {
                    float e[8];
                    for (int k = 0; k < 8; k++) {
                        e[k] = real && k < run ? src[k] : 0.0f;
                    }
                    v[l] = vload8(0, e);
                }
            }
            DYT_ROW(0, s0); DYT_ROW(1, s1); DYT_ROW(2, s2); DYT_ROW(3, s3);
            DYT_ROW(4, s4); DYT_ROW(5, s5); DYT_ROW(6, s6); DYT_ROW(7, s7);
        }
    }
}

// partial[sl][co][tap] = sum over the images of slice sl (perSlice each, of n) and output positions
// (oy, ox) of dyT[block][img][oy*ow + ox][co - block*2*LN] * xg[img][ci][oy + ky][ox + kx], one fma chain
// per sum in that order. A work-item owns LW taps (tb) and 2*LN channels (block); taps past the last
// repeat it (computed, not stored).
__kernel void conv_dw_lanes(__global const float* dyT, __global const float* xg, int gridStride, int gh, int gw,
                            int kh, int kw, int oh, int ow, int cout, int taps, int blocks, int n, int perSlice,
                            __global float* partial) {
    int tb = get_global_id(0);
    int block = get_global_id(1);
    int sl = get_global_id(2);
    if (tb * LW >= taps || block >= blocks || sl * perSlice >= n) {
        return;
    }
    int off[LW];
    floatLN lo[LW], hi[LW];
    _Pragma("unroll")
    for (int j = 0; j < LW; j++) {
        off[j] = tap_offset(min(tb * LW + j, taps - 1), gh, gw, kh, kw);
        lo[j] = (floatLN)(0.0f);
        hi[j] = (floatLN)(0.0f);
    }
    int last = min(n, (sl + 1) * perSlice);
    __global const float* d = dyT + ((long)block * n + sl * perSlice) * oh * ow * 2 * LN;
    for (int img = sl * perSlice; img < last; img++) {
        __global const float* x = xg + (long)img * gridStride;
        for (int oy = 0; oy < oh; oy++) {
            __global const float* row = x + oy * gw;
            for (int ox = 0; ox < ow; ox++) {
                floatLN d0 = vloadLN(0, d);
                floatLN d1 = vloadLN(1, d);
                d += 2 * LN;
                _Pragma("unroll")
                for (int j = 0; j < LW; j++) {
                    floatLN xb = (floatLN)(row[off[j] + ox]);
                    lo[j] = fma(d0, xb, lo[j]);
                    hi[j] = fma(d1, xb, hi[j]);
                }
            }
        }
    }
    __global float* out = partial + (long)sl * cout * taps;
    for (int j = 0; j < LW && tb * LW + j < taps; j++) {
        float e[2 * LN];
        vstoreLN(lo[j], 0, e);
        vstoreLN(hi[j], 0, e + LN);
        for (int l = 0; l < 2 * LN && block * 2 * LN + l < cout; l++) {
            out[(long)(block * 2 * LN + l) * taps + tb * LW + j] = e[l];
        }
    }
}

// Backward-weight B: the transposed column matrix of all images stacked, (N*P) x K, cut into
// slices of sliceRows rows (split-K: with few output channels and taps the GEMM would otherwise have a
// handful of work-items, one for a LeNet's first layer) and packed per slice into panels over K:
// Bp[slice][panel][sliceRows][TN], zero past the last row. One work-item writes one panel row: the
// position (n, oy, ox) is fixed, the tap advances.
#ifndef BK
__kernel void pack_cols_t(__global const float* x, int xOff, int imageStride, GEOM,
                          int kdim, int p, int rows, int sliceRows, int panels, __global float* bp) {
    int panel = get_global_id(0);
    int qi = get_global_id(1);
    int sl = get_global_id(2);
    if (panel >= panels || qi >= sliceRows) {
        return;
    }
    int q = sl * sliceRows + qi;
    __global float* dst = bp + (((long)sl * panels + panel) * sliceRows + qi) * TN;
    int n = q / p;
    int pos = q - n * p;
    int oy = pos / ow;
    int ox = pos - oy * ow;
    int j0 = panel * TN;
    int ci = j0 / (kh * kw);
    int r = j0 - ci * kh * kw;
    int ky = r / kw;
    int kx = r - ky * kw;
    __global const float* img = x + xOff + (long)n * imageStride;
    for (int t = 0; t < TN; t++) {
        int iy = oy * sh - ph + ky * dh;
        int ix = ox * sw - pw + kx * dw;
        bool inside = q < rows && j0 + t < kdim && iy >= 0 && iy < inH && ix >= 0 && ix < inW;
        dst[t] = inside ? img[((long)ci * inH + iy) * inW + ix] : 0.0f;
        if (++kx == kw) {
            kx = 0;
            if (++ky == kh) {
                ky = 0;
                ci++;
            }
        }
    }
}
#else
// GPU builds: one work-item per four floats, the tap fastest (ClTuning.packGlobal: panels*TN/4 x
// sliceRows), as pack_cols' GPU form.
__kernel void pack_cols_t(__global const float* x, int xOff, int imageStride, GEOM,
                          int kdim, int p, int rows, int sliceRows, int panels, __global float* bp) {
    long at = packed_run(panels, sliceRows, TN);
    if (at < 0) {
        return;
    }
    int j = 4 * get_global_id(0);
    int q = get_global_id(2) * sliceRows + get_global_id(1);
    __global float* dst = bp + at;
    if (q >= rows || j >= kdim) {
        vstore4((float4)(0.0f), 0, dst);
        return;
    }
    int n = q / p;
    int pos = q - n * p;
    int oy = pos / ow;
    int ox = pos - oy * ow;
    int ci = j / (kh * kw);
    int r = j - ci * kh * kw;
    int ky = r / kw;
    int kx = r - ky * kw;
    __global const float* img = x + xOff + (long)n * imageStride;
    float v[4];
    for (int t = 0; t < 4; t++) {
        int iy = oy * sh - ph + ky * dh;
        int ix = ox * sw - pw + kx * dw;
        bool inside = j + t < kdim && iy >= 0 && iy < inH && ix >= 0 && ix < inW;
        v[t] = inside ? img[((long)ci * inH + iy) * inW + ix] : 0.0f;
        if (++kx == kw) {
            kx = 0;
            if (++ky == kh) {
                ky = 0;
                ci++;
            }
        }
    }
    vstore4(vload4(0, v), 0, dst);
}
#endif

// Backward-weight A: dY of one group as [coutG][N*P], cut into the same slices and written straight
// into the GEMM's packed row blocks Ap[slice][block][sliceRows][TM], zero past coutG and past the
// last row. One work-item per block row.
#ifndef BK
__kernel void pack_dy(__global const float* dy, int dyOff, int imageStride, int coutG, int p, int rows,
                      int sliceRows, int blocks, __global float* ap) {
    int block = get_global_id(0);
    int qi = get_global_id(1);
    int sl = get_global_id(2);
    if (block >= blocks || qi >= sliceRows) {
        return;
    }
    int q = sl * sliceRows + qi;
    __global float* dst = ap + (((long)sl * blocks + block) * sliceRows + qi) * TM;
    int n = q / p;
    __global const float* src = dy + dyOff + (long)n * imageStride + (q - n * p);
    int o0 = block * TM;
    for (int r = 0; r < TM; r++) {
        dst[r] = q < rows && o0 + r < coutG ? src[(long)(o0 + r) * p] : 0.0f;
    }
}
#else
// GPU builds: one work-item per four floats, the block's row fastest (ClTuning.packGlobal: blocks*TM/4 x
// sliceRows), so the stores are contiguous runs.
__kernel void pack_dy(__global const float* dy, int dyOff, int imageStride, int coutG, int p, int rows,
                      int sliceRows, int blocks, __global float* ap) {
    long at = packed_run(blocks, sliceRows, TM);
    if (at < 0) {
        return;
    }
    int q = get_global_id(2) * sliceRows + get_global_id(1);
    int n = q / p;
    // past the last row: a count of 0 reads nothing and writes zeros
    __global const float* src = q < rows ? dy + dyOff + (long)n * imageStride + (q - n * p) : dy;
    pack_four(src, 4 * get_global_id(0), q < rows ? coutG : 0, p, ap + at);
}
#endif

// Sums the per-slice partial weight gradients [slices][len] in slice order (deterministic, no
// atomics) into out, adding to what is there when accumulate is set (later chunks of images).
__kernel void sum_slices(__global const float* partial, int slices, int len, __global float* out, int outOff,
                         int accumulate) {
    int i = get_global_id(0);
    if (i >= len) {
        return;
    }
    float acc = accumulate ? out[outOff + i] : 0.0f;
    for (int s = 0; s < slices; s++) {
        acc += partial[(long)s * len + i];
    }
    out[outOff + i] = acc;
}

// Backward-data A for stride 1: dX = conv(dY, W flipped and transposed) with padding
// dil*(k-1) - pad, so dX is one GEMM over columns packed from dY by pack_cols (no column buffer, no
// col2im pass). Ap[block][kk][tm] with rows ci and kk = (co, ky, kx) reading w[co][ci][kh-1-ky][kw-1-kx].
// The block height tm is an argument, not TM: the grid route asks for one block of cinG rows, [kk][ci],
// which sgemm_shifted reads in place.
__kernel void pack_w_flipped(__global const float* w, int wOff, int cinG, int kh, int kw, int kdim, int blocks,
                             int tm, __global float* ap) {
    int block = get_global_id(0);
    int kk = get_global_id(1);
    if (block >= blocks || kk >= kdim) {
        return;
    }
    int co = kk / (kh * kw);
    int r = kk - co * kh * kw;
    int ky = r / kw;
    int kx = r - ky * kw;
    __global const float* src = w + wOff + (long)co * cinG * kh * kw + (kh - 1 - ky) * kw + (kw - 1 - kx);
    __global float* dst = ap + ((long)block * kdim + kk) * tm;
    int c0 = block * tm;
    for (int t = 0; t < tm; t++) {
        dst[t] = c0 + t < cinG ? src[(long)(c0 + t) * kh * kw] : 0.0f;
    }
}

// col2im as a gather, for strided convolutions: each input pixel sums the column entries that read
// it, so there are no atomics and the result is deterministic. dcol is [N][K][P]; dx is written for the group's channels only.
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
    // ty and tx fall as ky and kx grow, so a negative one ends its loop; the divisions (slow when
    // vectorised across work-items) are only done for strides above 1.
    for (int ky = 0; ky < kh; ky++) {
        int ty = iy + ph - ky * dh;
        if (ty < 0) {
            break;
        }
        if (sh != 1) {
            if (ty % sh != 0) {
                continue;
            }
            ty /= sh;
        }
        if (ty >= oh) {
            continue;
        }
        for (int kx = 0; kx < kw; kx++) {
            int tx = ix + pw - kx * dw;
            if (tx < 0) {
                break;
            }
            if (sw != 1) {
                if (tx % sw != 0) {
                    continue;
                }
                tx /= sw;
            }
            if (tx >= ow) {
                continue;
            }
            acc += col[((long)(ci * kh + ky) * kw + kx) * p + ty * ow + tx];
        }
    }
    dx[dxOff + (long)n * imageStride + (long)ci * inH * inW + pix] = acc;
}
