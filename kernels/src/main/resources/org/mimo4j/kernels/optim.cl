// Optimizer updates for mimo4j's device-resident training step: each kernel fuses the whole update
// (weight decay, moments, step) so a parameter is read and written once, and updates up to TENSORS
// parameter tensors per launch (a launch costs 30-40 us on PoCL; the small CNN has six tensors, whose
// updates took six launches). Dimension 1 picks the tensor and has local size 1, so every work-group
// works on one tensor; dimension 0 strides over its elements. The formulas are the host's
// (optim.Sgd.apply, optim.Adam.apply), operation for operation. Unused slots have length 0.

#define TENSORS 8
// The parameters of one buffer role for tensors 0-7, and the one dimension 1 picks.
#define EIGHT(type, name) type name##0, type name##1, type name##2, type name##3, \
                          type name##4, type name##5, type name##6, type name##7
#define PICK(t, name) ((t) == 0 ? name##0 : (t) == 1 ? name##1 : (t) == 2 ? name##2 : (t) == 3 ? name##3 : \
                       (t) == 4 ? name##4 : (t) == 5 ? name##5 : (t) == 6 ? name##6 : name##7)

// g' = g + wd * w;  b = mu * b + g';  d = nesterov ? g' + mu * b : b (d = g' without a buffer);
// w -= lr * d. hasBuffer = 0 when momentum is 0 (the b slots are then unused placeholders).
__kernel void sgd_update(EIGHT(__global float*, w), EIGHT(__global const float*, g), EIGHT(__global float*, b),
                         EIGHT(int, n), int hasBuffer, float lr, float momentum, int nesterov, float weightDecay) {
    int t = get_global_id(1);
    __global float* w = PICK(t, w);
    __global const float* g = PICK(t, g);
    __global float* b = PICK(t, b);
    int n = PICK(t, n);
    for (int i = get_global_id(0); i < n; i += get_global_size(0)) {
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
}

// Adam / AdamW: g' = g + l2 * w; m = b1 m + (1 - b1) g'; v = b2 v + (1 - b2) g'^2;
// w = w * shrink - lr * (m / c1) / (sqrt(v) / c2 + eps), with c1 = 1 - b1^t and c2 = sqrt(1 - b2^t)
// from the host (Adam: l2 = wd, shrink = 1; AdamW: l2 = 0, shrink = 1 - lr * wd).
__kernel void adam_update(EIGHT(__global float*, w), EIGHT(__global const float*, g), EIGHT(__global float*, m),
                          EIGHT(__global float*, v), EIGHT(int, n), float lr, float beta1, float beta2, float eps,
                          float l2, float shrink, float c1, float c2) {
    int t = get_global_id(1);
    __global float* w = PICK(t, w);
    __global const float* g = PICK(t, g);
    __global float* m = PICK(t, m);
    __global float* v = PICK(t, v);
    int n = PICK(t, n);
    for (int i = get_global_id(0); i < n; i += get_global_size(0)) {
        float wi = w[i];
        float gi = g[i] + l2 * wi;
        float mi = beta1 * m[i] + (1.0f - beta1) * gi;
        float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        w[i] = wi * shrink - lr * (mi / c1) / (sqrt(vi) / c2 + eps);
    }
}
