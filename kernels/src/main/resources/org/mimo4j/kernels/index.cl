// Picking by index for mimo4j's device-resident training step (ops.shape.IndexSelect, ops.shape.Gather,
// and ops.nn.Embedding, an IndexSelect on axis 0). OpenCL C 1.2.
// Indices arrive as whole numbers stored in exact floats (below 2^24, checked by the caller), so they
// share the float buffers of everything else. The caller checks them on the host; an index that is out
// of range anyway (held on the device, never checked) gives NaN here instead of a read outside x.

// Index v as an int when it is a whole number in [0, size), else -1.
int index_in(float v, int size) {
    int s = (int)v;
    return (v >= 0.0f && (float)s == v && s < size) ? s : -1;
}

// IndexSelect forward: y[o, j, i] = x[o, index[j], i], one item per element of y [outer, n, inner].
__kernel void index_select(__global const float* x, __global const float* index, int axisSize, int n, int inner,
                           __global float* y, int total) {
    int q = get_global_id(0);
    if (q >= total) {
        return;
    }
    int i = q % inner;
    int j = (q / inner) % n;
    int o = q / inner / n;
    int s = index_in(index[j], axisSize);
    y[q] = s < 0 ? NAN : x[(o * axisSize + s) * inner + i];
}

// IndexSelect backward, one item per element (o, s, i) of gx [outer, axisSize, inner]: the sum of
// gy[o, j, i] over the positions j that read slice s, taken from the inverse map (axisSize + 1 offsets,
// then the positions grouped by slice, increasing within a group; built on the host from the host
// indices). OpenCL 1.2 has no float atomics, and atomics would add in a run-dependent order anyway:
// walking the group in increasing j from 0.0f is the host loop's order, so the sums are its bits and
// the same on every run. Offsets or positions out of range (a map not built by IndexSelect.inverseMap
// and held only on the device) give NaN.
__kernel void index_select_backward(__global const float* inverse, __global const float* gy, int axisSize, int n,
                                    int inner, __global float* gx, int total) {
    int q = get_global_id(0);
    if (q >= total) {
        return;
    }
    int i = q % inner;
    int s = (q / inner) % axisSize;
    int o = q / inner / axisSize;
    int begin = index_in(inverse[s], n + 1);
    int end = index_in(inverse[s + 1], n + 1);
    if (begin < 0 || end < begin) {
        gx[q] = NAN;
        return;
    }
    __global const float* positions = inverse + axisSize + 1;
    float acc = 0.0f;
    for (int k = begin; k < end; k++) {
        int j = index_in(positions[k], n);
        acc += j < 0 ? NAN : gy[(o * n + j) * inner + i];
    }
    gx[q] = acc;
}

// Gather forward: y[p] = x[o, index[p], i] for p = o inner + i, one item per element of y.
__kernel void gather_axis(__global const float* x, __global const float* index, int axisSize, int inner,
                          __global float* y, int total) {
    int p = get_global_id(0);
    if (p >= total) {
        return;
    }
    int s = index_in(index[p], axisSize);
    y[p] = s < 0 ? NAN : x[((p / inner) * axisSize + s) * inner + p % inner];
}

// Gather backward, one item per element (o, s, i) of gx: only p = o inner + i can have picked it, so gx
// is gy[p] when index[p] = s and 0 otherwise, with nothing to sum. It is written as 0.0f + gy[p], the
// host's "gx[...] += gy[p]" on a zeroed gx, so that a -0.0f gradient becomes +0.0f there as well.
__kernel void gather_axis_backward(__global const float* index, __global const float* gy, int axisSize, int inner,
                                   __global float* gx, int total) {
    int q = get_global_id(0);
    if (q >= total) {
        return;
    }
    int i = q % inner;
    int s = (q / inner) % axisSize;
    int p = q / inner / axisSize * inner + i;
    int picked = index_in(index[p], axisSize);
    float acc = 0.0f;
    if (picked == s) {
        acc += gy[p];
    } else if (picked < 0) {
        acc = NAN;
    }
    gx[q] = acc;
}
