// Optimizer updates for mimo4j's device-resident training step: each kernel fuses the whole update
// (weight decay, moments, step) so a parameter is read and written once. The formulas are the host's
// (optim.Sgd.apply, optim.Adam.apply), operation for operation. sgd_update and adam_update update one
// tensor, 16 elements per work-item on CPU rows (one float16 each) and one on GPU rows (ClOptim.perItem).
//
// A launch costs ~11 us on PoCL in a pipeline, and a network has many small tensors (biases), so the
// _small kernels update up to TENSORS of them per launch: one work-item per element, the tensors' ranges
// end to end, each starting at start_t, a multiple of the work-group size, so that a work-group lies in
// one tensor (found from the group's first work-item). PoCL does not vectorize them as it does the
// one-tensor kernels: the AV-Digits MLP's 1.6M-float weight took 4.1-5.7 ms through them against
// 1.25-1.31 alone (trace device time; 8.1 ms with t computed per work-item, and the AV-Digits step went
// 10.4 -> 37.7 ms when every work-item strode over its tensor in a loop of its own). So ClOptim sends only
// tensors below ClOptim.SMALL floats here. Unused slots start at the end of the range, length 0.

#define TENSORS 8
// The parameters of one buffer role for tensors 0-7, and the one of tensor t.
#define EIGHT(type, name) type name##0, type name##1, type name##2, type name##3, \
                          type name##4, type name##5, type name##6, type name##7
#define PICK(t, name) ((t) == 0 ? name##0 : (t) == 1 ? name##1 : (t) == 2 ? name##2 : (t) == 3 ? name##3 : \
                       (t) == 4 ? name##4 : (t) == 5 ? name##5 : (t) == 6 ? name##6 : name##7)
// The tensor whose range holds work-item gid (start0 is 0).
#define TENSOR_OF(gid) (((gid) >= start1) + ((gid) >= start2) + ((gid) >= start3) + ((gid) >= start4) + \
                        ((gid) >= start5) + ((gid) >= start6) + ((gid) >= start7))

// g' = g + wd * w;  b = mu * b + g';  d = nesterov ? g' + mu * b : b (d = g' without a buffer);
// w -= lr * d, for element i. hasBuffer = 0 when momentum is 0 (b is then an unused placeholder).
void sgd_element(__global float* w, __global const float* g, __global float* b, int i, int hasBuffer, float lr,
                 float momentum, int nesterov, float weightDecay) {
    float wi = w[i];
    float gi = g[i] + weightDecay * wi;
    float d = gi;
    if (hasBuffer) {
        float bi = momentum * b[i] + gi;
        b[i] = bi;
        d = nesterov ? gi + momentum * bi : bi;
    }
    w[i] = wi - lr * d;
}

// Adam / AdamW: g' = g + l2 * w; m = b1 m + (1 - b1) g'; v = b2 v + (1 - b2) g'^2;
// w = w * shrink - lr * (m / c1) / (sqrt(v) / c2 + eps), for element i, with c1 = 1 - b1^t and
// c2 = sqrt(1 - b2^t) from the host (Adam: l2 = wd, shrink = 1; AdamW: l2 = 0, shrink = 1 - lr * wd).
void adam_element(__global float* w, __global const float* g, __global float* m, __global float* v, int i, float lr,
                  float beta1, float beta2, float eps, float l2, float shrink, float c1, float c2) {
    float wi = w[i];
    float gi = g[i] + l2 * wi;
    float mi = beta1 * m[i] + (1.0f - beta1) * gi;
    float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = wi * shrink - lr * (mi / c1) / (sqrt(vi) / c2 + eps);
}

// sgd_element and adam_element on the 16 elements from i, as float16: the same operations, lane by lane.
void sgd_sixteen(__global float* w, __global const float* g, __global float* b, int i, int hasBuffer, float lr,
                 float momentum, int nesterov, float weightDecay) {
    float16 wi = vload16(0, w + i);
    float16 gi = vload16(0, g + i) + weightDecay * wi;
    float16 d = gi;
    if (hasBuffer) {
        float16 bi = momentum * vload16(0, b + i) + gi;
        vstore16(bi, 0, b + i);
        d = nesterov ? gi + momentum * bi : bi;
    }
    vstore16(wi - lr * d, 0, w + i);
}

void adam_sixteen(__global float* w, __global const float* g, __global float* m, __global float* v, int i, float lr,
                  float beta1, float beta2, float eps, float l2, float shrink, float c1, float c2) {
    float16 wi = vload16(0, w + i);
    float16 gi = vload16(0, g + i) + l2 * wi;
    float16 mi = beta1 * vload16(0, m + i) + (1.0f - beta1) * gi;
    float16 vi = beta2 * vload16(0, v + i) + (1.0f - beta2) * gi * gi;
    vstore16(mi, 0, m + i);
    vstore16(vi, 0, v + i);
    vstore16(wi * shrink - lr * (mi / c1) / (sqrt(vi) / c2 + eps), 0, w + i);
}

// One tensor: work-item i updates elements [i * per, i * per + per) (ClOptim.perItem: 16 on CPU rows, as float16
// where all 16 lie inside, 1 on GPU rows).
__kernel void sgd_update(__global float* w, __global const float* g, __global float* b, int hasBuffer,
                         float lr, float momentum, int nesterov, float weightDecay, int n, int per) {
    int i = get_global_id(0) * per;
    if (per == 16 && i + 16 <= n) {
        sgd_sixteen(w, g, b, i, hasBuffer, lr, momentum, nesterov, weightDecay);
        return;
    }
    for (int last = min(n, i + per); i < last; i++) {
        sgd_element(w, g, b, i, hasBuffer, lr, momentum, nesterov, weightDecay);
    }
}

__kernel void adam_update(__global float* w, __global const float* g, __global float* m, __global float* v,
                          float lr, float beta1, float beta2, float eps, float l2, float shrink,
                          float c1, float c2, int n, int per) {
    int i = get_global_id(0) * per;
    if (per == 16 && i + 16 <= n) {
        adam_sixteen(w, g, m, v, i, lr, beta1, beta2, eps, l2, shrink, c1, c2);
        return;
    }
    for (int last = min(n, i + per); i < last; i++) {
        adam_element(w, g, m, v, i, lr, beta1, beta2, eps, l2, shrink, c1, c2);
    }
}

// sgd_update on up to TENSORS small tensors; without momentum the b slots are placeholders.
__kernel void sgd_update_small(EIGHT(__global float*, w), EIGHT(__global const float*, g),
                               EIGHT(__global float*, b), EIGHT(int, n), EIGHT(int, start), int hasBuffer, float lr,
                               float momentum, int nesterov, float weightDecay) {
    int t = TENSOR_OF(get_group_id(0) * get_local_size(0));
    int i = get_global_id(0) - PICK(t, start);
    if (i < PICK(t, n)) {
        sgd_element(PICK(t, w), PICK(t, g), PICK(t, b), i, hasBuffer, lr, momentum, nesterov, weightDecay);
    }
}

// adam_update on up to TENSORS small tensors.
__kernel void adam_update_small(EIGHT(__global float*, w), EIGHT(__global const float*, g),
                                EIGHT(__global float*, m), EIGHT(__global float*, v), EIGHT(int, n), EIGHT(int, start),
                                float lr, float beta1, float beta2, float eps, float l2, float shrink, float c1,
                                float c2) {
    int t = TENSOR_OF(get_group_id(0) * get_local_size(0));
    int i = get_global_id(0) - PICK(t, start);
    if (i < PICK(t, n)) {
        adam_element(PICK(t, w), PICK(t, g), PICK(t, m), PICK(t, v), i, lr, beta1, beta2, eps, l2, shrink, c1, c2);
    }
}
