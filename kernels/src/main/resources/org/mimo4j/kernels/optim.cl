// Optimizer updates for mimo4j's device-resident training step, one launch per parameter tensor:
// each fuses the whole update (weight decay, moments, step) so a parameter is read and written once.
// One work-item per element in work-groups of ClTuning.local1d. The formulas are the host's
// (optim.Sgd.update, optim.Adam.update), operation for operation.

// g' = g + wd * w;  b = mu * b + g';  d = nesterov ? g' + mu * b : b (d = g' without a buffer);
// w -= lr * d. hasBuffer = 0 when momentum is 0 (b is then an unused placeholder).
__kernel void sgd_update(__global float* w, __global const float* g, __global float* b, int hasBuffer,
                         float lr, float momentum, int nesterov, float weightDecay, int n) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
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
// w = w * shrink - lr * (m / c1) / (sqrt(v) / c2 + eps), with c1 = 1 - b1^t and c2 = sqrt(1 - b2^t)
// from the host (Adam: l2 = wd, shrink = 1; AdamW: l2 = 0, shrink = 1 - lr * wd).
__kernel void adam_update(__global float* w, __global const float* g, __global float* m, __global float* v,
                          float lr, float beta1, float beta2, float eps, float l2, float shrink,
                          float c1, float c2, int n) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    float wi = w[i];
    float gi = g[i] + l2 * wi;
    float mi = beta1 * m[i] + (1.0f - beta1) * gi;
    float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = wi * shrink - lr * (mi / c1) / (sqrt(vi) / c2 + eps);
}
