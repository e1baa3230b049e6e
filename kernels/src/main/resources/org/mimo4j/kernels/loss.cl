// Cross-entropy with label smoothing for mimo4j's device-resident training step. OpenCL C 1.2.
// Labels arrive as class indices stored in exact floats (the batch uploads them as one float buffer).

#include "fold.h"

// Forward, fused into one launch because a PoCL launch costs 30-40 us and the work is tiny: a single
// work-group of L = local1d items. Item t takes rows t, t + L, ...; for each it writes the row's
// log-softmax (max shifted out, as the host's LogSoftmax) and adds the row's loss
// -((1 - eps) lp[label] + eps / classes * sum_j lp[j]) to its partial sum; the partials are then folded
// in a fixed order and item 0 writes the total (divided by rows for the mean). Rows are independent
// and short (the classes of a classifier), so one item per row needs no further splitting.
__kernel void cross_entropy_forward(int rows, int classes, __global const float* logits,
                                    __global const float* labels, float smoothing, int mean,
                                    __global float* logProbs, __global float* loss, __local float* part) {
    int t = get_local_id(0);
    float acc = 0.0f;
    for (int r = t; r < rows; r += get_local_size(0)) {
        __global const float* x = logits + (long)r * classes;
        __global float* lp = logProbs + (long)r * classes;
        float mx = -INFINITY;
        for (int j = 0; j < classes; j++) {
            mx = fmax(mx, x[j]);
        }
        float sum = 0.0f;
        for (int j = 0; j < classes; j++) {
            sum += exp(x[j] - mx);
        }
        float logSum = log(sum);
        float rowSum = 0.0f;
        for (int j = 0; j < classes; j++) {
            float v = x[j] - mx - logSum;
            lp[j] = v;
            rowSum += v;
        }
        acc -= (1.0f - smoothing) * lp[(int)labels[r]] + smoothing / classes * rowSum;
    }
    part[t] = acc;
    fold(part);
    if (t == 0) {
        loss[0] = mean && rows > 0 ? part[0] / rows : part[0];
    }
}

// Backward: gx = (exp(lp) - q) * scale with q = eps / classes + (1 - eps) [j == label] and
// scale = gy[0] (/ rows for the mean), read on the device so the loss gradient never visits the host.
// One item per element of gx.
__kernel void cross_entropy_backward(int rows, int classes, __global const float* logProbs,
                                     __global const float* labels, float smoothing, int mean,
                                     __global const float* gy, __global float* gx) {
    int k = get_global_id(0);
    if (k >= rows * classes) {
        return;
    }
    int r = k / classes;
    int j = k - r * classes;
    float scale = mean ? gy[0] / rows : gy[0];
    float q = smoothing / classes + (j == (int)labels[r] ? 1.0f - smoothing : 0.0f);
    gx[k] = (exp(logProbs[k]) - q) * scale;
}
