// Softmax, log-softmax, layer norm and batch norm of mimo4j's device-resident training step.
// OpenCL C 1.2, no atomics.
//
// Tiling: one work-group per reduced line (a softmax line, a layer-norm row, a batch-norm channel, a
// column of the layer-norm parameter gradients). Its L = get_local_size(0) items (ClTuning.local1d)
// stride over the line, item t taking elements t, t + L, t + 2L, ... in order, and the L partials are
// folded pairwise in local memory; the folded value is then known to every item, which go over the
// line again to write their outputs. Why: these lines are what the host loop reduces, and one group
// per line needs no second launch and no cross-group synchronisation, while the fixed strides and
// fold give every statistic one summation order that depends only on L (bitwise reproducible run to
// run). A line of a few hundred or thousand elements is a handful of loads per item. The cost is
// parallelism when lines are few and long (batch norm of 8 channels is 8 groups), acceptable for the
// layer sizes of this project's models.
//
// Optional operands (gamma, beta, running statistics, gradients nobody wants) are passed as some
// valid buffer together with a flag that says whether to read or write them; a flagged-off buffer is
// never touched.

#include "fold.h"

// As fold with max.
FOLD(fold_max, fmax)

// The work-group's sum of every item's v, returned to all items; part is free again on return.
float group_sum(__local float* part, float v) {
    part[get_local_id(0)] = v;
    fold(part);
    float total = part[0];
    barrier(CLK_LOCAL_MEM_FENCE);
    return total;
}

// The work-group's max of every item's v, returned to all items; part is free again on return.
float group_max(__local float* part, float v) {
    part[get_local_id(0)] = v;
    fold_max(part);
    float m = part[0];
    barrier(CLK_LOCAL_MEM_FENCE);
    return m;
}

// Softmax (log-softmax when logMode) of x seen as [outer, len, inner] along len; group g takes the line
// (o, i) = (g / inner, g % inner), whose elements lie inner apart. The line's max is shifted out
// before the exponentials (exp never overflows), as in the host's Softmax.hostForward.
__kernel void softmax_forward(int outer, int len, int inner, int logMode, __global const float* x,
                              __global float* y, __local float* part) {
    int g = get_group_id(0);
    int t = get_local_id(0);
    int L = get_local_size(0);
    int o = g / inner;
    long base = (long)o * len * inner + (g - o * inner);
    float mx = -INFINITY;
    for (int j = t; j < len; j += L) {
        mx = fmax(mx, x[base + (long)j * inner]);
    }
    mx = group_max(part, mx);
    float sum = 0.0f;
    for (int j = t; j < len; j += L) {
        sum += exp(x[base + (long)j * inner] - mx);
    }
    sum = group_sum(part, sum);
    float logSum = log(sum);
    for (int j = t; j < len; j += L) {
        long k = base + (long)j * inner;
        float v = x[k] - mx;
        y[k] = logMode ? v - logSum : exp(v) / sum;
    }
}

// Softmax's backward per line (layout as softmax_forward), from the output y:
// softmax gx = y (gy - sum gy y); log-softmax gx = gy - e^y sum gy.
__kernel void softmax_backward(int outer, int len, int inner, int logMode, __global const float* y,
                               __global const float* gy, __global float* gx, __local float* part) {
    int g = get_group_id(0);
    int t = get_local_id(0);
    int L = get_local_size(0);
    int o = g / inner;
    long base = (long)o * len * inner + (g - o * inner);
    float dot = 0.0f;
    for (int j = t; j < len; j += L) {
        long k = base + (long)j * inner;
        dot += logMode ? gy[k] : gy[k] * y[k];
    }
    dot = group_sum(part, dot);
    for (int j = t; j < len; j += L) {
        long k = base + (long)j * inner;
        gx[k] = logMode ? gy[k] - exp(y[k]) * dot : y[k] * (gy[k] - dot);
    }
}

// Layer norm of row g of x [rows, cols]: mean, then the biased variance around it (two passes, as the
// host, so no cancellation of E[x^2] - mean^2), invStd = 1 / sqrt(var + eps), xhat and
// y = xhat gamma + beta (gamma read when hasGamma, beta when hasBeta).
__kernel void layer_norm_forward(int rows, int cols, float eps, __global const float* x,
                                 __global const float* gamma, int hasGamma, __global const float* beta,
                                 int hasBeta, __global float* y, __global float* xhat, __global float* invStd,
                                 __local float* part) {
    int r = get_group_id(0);
    int t = get_local_id(0);
    int L = get_local_size(0);
    __global const float* xr = x + (long)r * cols;
    float sum = 0.0f;
    for (int j = t; j < cols; j += L) {
        sum += xr[j];
    }
    float mu = group_sum(part, sum) / cols;
    float sq = 0.0f;
    for (int j = t; j < cols; j += L) {
        float v = xr[j] - mu;
        sq += v * v;
    }
    float is = 1.0f / sqrt(group_sum(part, sq) / cols + eps);
    if (t == 0) {
        invStd[r] = is;
    }
    for (int j = t; j < cols; j += L) {
        long k = (long)r * cols + j;
        float h = (xr[j] - mu) * is;
        xhat[k] = h;
        y[k] = h * (hasGamma ? gamma[j] : 1.0f) + (hasBeta ? beta[j] : 0.0f);
    }
}

// Layer norm's input gradient for row g: with dxhat = gamma gy,
// gx = invStd (dxhat - sum dxhat / cols - xhat sum(dxhat xhat) / cols).
__kernel void layer_norm_backward_input(int rows, int cols, __global const float* xhat,
                                        __global const float* invStd, __global const float* gamma, int hasGamma,
                                        __global const float* gy, __global float* gx, __local float* part) {
    int r = get_group_id(0);
    int t = get_local_id(0);
    int L = get_local_size(0);
    long row = (long)r * cols;
    float sumD = 0.0f;
    float sumDx = 0.0f;
    for (int j = t; j < cols; j += L) {
        float d = gy[row + j] * (hasGamma ? gamma[j] : 1.0f);
        sumD += d;
        sumDx += d * xhat[row + j];
    }
    sumD = group_sum(part, sumD);
    sumDx = group_sum(part, sumDx);
    float is = invStd[r];
    for (int j = t; j < cols; j += L) {
        float d = gy[row + j] * (hasGamma ? gamma[j] : 1.0f);
        gx[row + j] = is * (d - sumD / cols - xhat[row + j] * sumDx / cols);
    }
}

// Layer norm's parameter gradients for column g, summed over the rows: dGamma = sum gy xhat (written
// when wantGamma), dBeta = sum gy (when wantBeta). The group walks a column, so its loads are cols
// apart, like reduce.cl's sum_rows.
__kernel void layer_norm_backward_params(int rows, int cols, __global const float* xhat,
                                         __global const float* gy, __global float* dGamma, int wantGamma,
                                         __global float* dBeta, int wantBeta, __local float* part) {
    int c = get_group_id(0);
    int t = get_local_id(0);
    int L = get_local_size(0);
    float sg = 0.0f;
    float sgx = 0.0f;
    for (int r = t; r < rows; r += L) {
        long k = (long)r * cols + c;
        sg += gy[k];
        sgx += gy[k] * xhat[k];
    }
    sg = group_sum(part, sg);
    sgx = group_sum(part, sgx);
    if (t == 0 && wantGamma) {
        dGamma[c] = sgx;
    }
    if (t == 0 && wantBeta) {
        dBeta[c] = sg;
    }
}

// Bits of batch_norm_forward's `has`: which optional operands are given.
#define HAS_GAMMA 1
#define HAS_BETA 2
#define HAS_RUNNING_MEAN 4
#define HAS_RUNNING_VAR 8

// Index of element j of channel c in x [n, channels, plane], its m = n * plane elements walked as
// j = image * plane + position.
long bn_index(int j, int c, int channels, int plane) {
    int img = j / plane;
    return ((long)img * channels + c) * plane + (j - img * plane);
}

// Batch norm of channel g of x [n, channels, plane]. Training: the batch mean and biased variance (two
// passes), and item 0 updates the running statistics that `has` flags:
// running = (1 - momentum) running + momentum batch, the variance unbiased by m / (m - 1).
// Evaluation: the running mean and variance. Then invStd = 1 / sqrt(var + eps), xhat and
// y = xhat gamma + beta.
//
// Every barrier lies in straight-line code that all items reach: evaluation skips the batch passes by
// walking zero elements, not by branching around them. PoCL 3.1 (CPU) mis-ran the first version, whose
// reductions sat inside `if (training)`: a `t == 0` store ran once per item, and with another barrier
// added items skipped the code after it. The running values are also computed by every item from old
// values read before a barrier, so item 0's store is the same whoever makes it.
__kernel void batch_norm_forward(int n, int channels, int plane, int training, float momentum, float eps,
                                 __global const float* x, __global const float* gamma,
                                 __global const float* beta, __global float* runningMean,
                                 __global float* runningVar, int has, __global float* y, __global float* xhat,
                                 __global float* invStd, __local float* part) {
    int c = get_group_id(0);
    int t = get_local_id(0);
    int L = get_local_size(0);
    int m = n * plane;
    int counted = training ? m : 0;
    float sum = 0.0f;
    for (int j = t; j < counted; j += L) {
        sum += x[bn_index(j, c, channels, plane)];
    }
    float batchMean = group_sum(part, sum) / m;
    float sq = 0.0f;
    for (int j = t; j < counted; j += L) {
        float v = x[bn_index(j, c, channels, plane)] - batchMean;
        sq += v * v;
    }
    float batchVar = group_sum(part, sq) / m;
    float oldMean = (has & HAS_RUNNING_MEAN) ? runningMean[c] : 0.0f;
    float oldVar = (has & HAS_RUNNING_VAR) ? runningVar[c] : 0.0f;
    barrier(CLK_GLOBAL_MEM_FENCE);
    if (training && t == 0) {
        if (has & HAS_RUNNING_MEAN) {
            runningMean[c] = (1.0f - momentum) * oldMean + momentum * batchMean;
        }
        if (has & HAS_RUNNING_VAR) {
            runningVar[c] = (1.0f - momentum) * oldVar + momentum * batchVar * ((float)m / (m - 1));
        }
    }
    float mean = training ? batchMean : oldMean;
    float is = 1.0f / sqrt((training ? batchVar : oldVar) + eps);
    if (t == 0) {
        invStd[c] = is;
    }
    float scale = (has & HAS_GAMMA) ? gamma[c] : 1.0f;
    float shift = (has & HAS_BETA) ? beta[c] : 0.0f;
    for (int j = t; j < m; j += L) {
        long k = bn_index(j, c, channels, plane);
        float h = (x[k] - mean) * is;
        xhat[k] = h;
        y[k] = h * scale + shift;
    }
}

// Bits of batch_norm_backward's `want`: which outputs to write (and whether gamma is given).
#define WANT_GX 1
#define WANT_DGAMMA 2
#define WANT_DBETA 4
#define GIVEN_GAMMA 8

// Batch norm's backward for channel g: sumG = sum gy, sumGx = sum gy xhat over the channel's m values;
// dBeta = sumG, dGamma = sumGx; gx = gamma invStd (gy - sumG / m - xhat sumGx / m) when training,
// gamma invStd gy otherwise.
__kernel void batch_norm_backward(int n, int channels, int plane, int training, __global const float* xhat,
                                  __global const float* invStd, __global const float* gamma,
                                  __global const float* gy, __global float* gx, __global float* dGamma,
                                  __global float* dBeta, int want, __local float* part) {
    int c = get_group_id(0);
    int t = get_local_id(0);
    int L = get_local_size(0);
    int m = n * plane;
    float sg = 0.0f;
    float sgx = 0.0f;
    for (int j = t; j < m; j += L) {
        long k = bn_index(j, c, channels, plane);
        sg += gy[k];
        sgx += gy[k] * xhat[k];
    }
    sg = group_sum(part, sg);
    sgx = group_sum(part, sgx);
    if (t == 0 && (want & WANT_DGAMMA)) {
        dGamma[c] = sgx;
    }
    if (t == 0 && (want & WANT_DBETA)) {
        dBeta[c] = sg;
    }
    int written = (want & WANT_GX) ? m : 0;
    float scale = ((want & GIVEN_GAMMA) ? gamma[c] : 1.0f) * invStd[c];
    for (int j = t; j < written; j += L) {
        long k = bn_index(j, c, channels, plane);
        gx[k] = training ? scale * (gy[k] - sg / m - xhat[k] * sgx / m) : scale * gy[k];
    }
}
