package org.mimo4j.engine.backend;

import org.mimo4j.engine.tensor.Storage;

/**
 * The kernels of a backend that owns a separate device memory, on {@link Storage} instead of host
 * arrays, so that a training step's tensors stay on the device between ops: the batch goes up, the
 * loss comes down, and nothing else crosses unless an op without a device kernel needs host values.
 *
 * <p>A backend returns these from {@link Backend#deviceKernels()}; the CPU backend returns null and
 * every op runs its host loop. An op with a device kernel uses it when the backend has them and its
 * inputs are dense (contiguous, offset 0, covering their storage: {@code Tensor.dense()}); otherwise it
 * runs its host path, which reads the storages' host side (downloading where the device is newer).
 *
 * <p>Contract for every method: inputs are read through their current side (the implementation
 * uploads those whose device copy is stale); outputs are overwritten completely and end with their
 * device copy current ({@link Storage#deviceWrote()}). Lengths are checked; an output may not alias an
 * input unless the method says so. The math of each kernel is the op's host loop, named below; parity
 * against it is tested per kernel on random shapes and values.
 */
public interface DeviceKernels {

    /**
     * Waits until every kernel enqueued so far has finished. Kernels run asynchronously and reading a
     * storage waits for its writer anyway, so only timing code needs this (a benchmark of a kernel
     * whose result is never read back).
     */
    default void finish() {
    }

    /**
     * Opens a {@link DeviceScope} on this device: storages made inside it give their device memory back
     * when it closes. Callers use {@link DeviceScope#open()}.
     */
    DeviceScope openScope();

    /** A fresh storage of {@code length} floats living on the device (values undefined until written). */
    Storage allocate(int length);

    /** y[i] = x[i] (lengths equal). */
    void copy(Storage x, Storage y);

    /** y[i] = value. */
    void fill(Storage y, float value);

    /** y[i] = a[i] + b[i] (gradient sums in backprop); y may alias a or b. */
    void add(Storage a, Storage b, Storage y);

    /** y[i] += alpha * x[i] (gradient accumulation into leaves). */
    void axpy(float alpha, Storage x, Storage y);

    /** The arithmetic of {@link #binary} and {@link #scalar}: the ops Add, Sub, Mul and Div of ops.elementwise. */
    enum Arith { ADD, SUB, MUL, DIV }

    /**
     * y[i] = a[i] op b[i % b.length] (ops.elementwise Add, Sub, Mul, Div with b broadcast over a's leading
     * axes: b's shape is a trailing part of a's, so it repeats every b.length elements; a bias, a
     * per-feature statistic, or the other operand itself when the shapes are equal). a.length must be a
     * multiple of b.length (b not empty unless a is); y may alias a but not b.
     */
    void binary(Arith op, Storage a, Storage b, Storage y);

    /** y[i] = x[i] op c, for an operand that is a host constant (a loss weight, a bias share); y may alias x. */
    void scalar(Arith op, Storage x, float c, Storage y);

    /** y[r, c] += bias[c] for a row-major [rows, cols] y (Linear's bias). */
    void addRowVector(Storage bias, int rows, int cols, Storage y);

    /** y[c] = sum over r of x[r, c] for a row-major [rows, cols] x (Linear's bias gradient). */
    void sumRows(Storage x, int rows, int cols, Storage y);

    /** y[c] = sum over n and p of x[n, c, p] for x [n, channels, plane] (Conv2d's bias gradient). */
    void sumPlanes(Storage x, int n, int channels, int plane, Storage y);

    /** {@link Backend#sgemm} on storages (offsets and strides as there). */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               Storage a, int aOff, int lda, long strideA,
               Storage b, int bOff, int ldb, long strideB,
               float beta, Storage c, int cOff, int ldc, long strideC, int batch);

    /** {@link Backend#conv2dForward} on storages (bias may be null). */
    void conv2dForward(Conv2dShape s, Storage x, Storage w, Storage bias, Storage y);

    /** {@link Backend#conv2dBackwardData} on storages. */
    void conv2dBackwardData(Conv2dShape s, Storage dy, Storage w, Storage dx);

    /** {@link Backend#conv2dBackwardWeight} on storages. */
    void conv2dBackwardWeight(Conv2dShape s, Storage x, Storage dy, Storage dw);

    /**
     * Max pooling (ops.nn.MaxPool2d): padding never wins. With {@code relu} each maximum is then
     * max(m, 0) (a NaN stays), which is the max pooling of relu(x) in one pass.
     */
    void maxPool2dForward(PoolShape p, Storage x, Storage y, boolean relu);

    /**
     * MaxPool2d's backward: each output's gradient goes to the first maximal element of its window,
     * recomputed from x (no saved indices), summed where windows overlap, without atomics. With
     * {@code relu} a gradient passes only where that element passes relu's gradient
     * (ops.elementwise.Branchless.passIfPositive), else +0: the gradient of max pooling relu(x).
     */
    void maxPool2dBackward(PoolShape p, Storage x, Storage gy, Storage gx, boolean relu);

    /**
     * Cross-entropy forward (ops.nn.CrossEntropy) of logits [rows, classes] against labels (class
     * indices stored as exact floats): writes log-softmax to {@code logProbs} and the reduced loss
     * (mean over rows when {@code mean}, else sum) to the one-element {@code loss}.
     */
    void crossEntropyForward(int rows, int classes, Storage logits, Storage labels, float smoothing, boolean mean,
                             Storage logProbs, Storage loss);

    /** CrossEntropy's backward: gx = (exp(logProbs) - q) * gy[0] (/ rows for the mean); gy has one element. */
    void crossEntropyBackward(int rows, int classes, Storage logProbs, Storage labels, float smoothing, boolean mean,
                              Storage gy, Storage gx);

    /**
     * One optim.Sgd update of every tensor i, w[i] in place from g[i], with buffers[i] its momentum (buffers
     * null when momentum is 0), same formula as Sgd.apply. All tensors of an optimizer step come in one call,
     * so that a device can update them in few launches; the weights and buffers must be pairwise distinct.
     */
    void sgdUpdate(Storage[] w, Storage[] g, Storage[] buffers, float lr, float momentum, boolean nesterov,
                   float weightDecay);

    /**
     * One optim.Adam / AdamW update of every tensor i, w[i], m[i] and v[i] in place from g[i], same formula
     * as Adam.apply, with the bias corrections c1 = 1 - beta1^t and c2 = sqrt(1 - beta2^t) computed by the
     * caller; all tensors of a step in one call, as in {@link #sgdUpdate}.
     */
    void adamUpdate(Storage[] w, Storage[] g, Storage[] m, Storage[] v, float lr, float beta1, float beta2, float eps,
                    float l2, float shrink, float c1, float c2);

    // ---------------------------------------------------------------- softmax and normalisation

    /**
     * Softmax (log-softmax when {@code log}) of every line of x seen as [outer, len, inner] along len
     * (ops.nn.Softmax.hostForward): the line's max shifted out before the exponentials.
     */
    void softmaxForward(int outer, int len, int inner, boolean log, Storage x, Storage y);

    /**
     * Softmax's backward from the forward's output y (ops.nn.Softmax.hostBackward): per line,
     * gx = y (gy - sum gy y), or for log-softmax gx = gy - e^y sum gy.
     */
    void softmaxBackward(int outer, int len, int inner, boolean log, Storage y, Storage gy, Storage gx);

    /**
     * Layer norm of each row of x [rows, cols] (ops.nn.LayerNorm.hostForward): xhat = (x - mean) invStd
     * with invStd [rows] = 1 / sqrt(biased variance + eps), y = xhat gamma + beta; gamma and beta
     * [cols] may be null (1 and 0). Writes y, and xhat and invStd for the backward.
     */
    void layerNormForward(int rows, int cols, float eps, Storage x, Storage gamma, Storage beta, Storage y,
                          Storage xhat, Storage invStd);

    /**
     * LayerNorm's backward (ops.nn.LayerNorm.hostBackward): gx [rows, cols] per row, and the column sums
     * dGamma = sum gy xhat and dBeta = sum gy [cols]. Each of gx, dGamma, dBeta may be null (not
     * wanted); gamma may be null (1).
     */
    void layerNormBackward(int rows, int cols, Storage xhat, Storage invStd, Storage gamma, Storage gy, Storage gx,
                           Storage dGamma, Storage dBeta);

    /**
     * Batch norm of x [n, channels, plane] per channel (ops.nn.BatchNorm.hostForward). Training: with
     * the batch mean and biased variance, and runningMean and runningVar (each may be null) updated in
     * place, running = (1 - momentum) running + momentum batch, with the unbiased variance for
     * runningVar. Evaluation: with runningMean and runningVar (both given, only read). Writes y, xhat
     * and invStd [channels] = 1 / sqrt(var + eps); gamma and beta [channels] may be null (1 and 0).
     */
    void batchNormForward(int n, int channels, int plane, boolean training, float momentum, float eps, Storage x,
                          Storage gamma, Storage beta, Storage runningMean, Storage runningVar, Storage y,
                          Storage xhat, Storage invStd);

    /**
     * BatchNorm's backward (ops.nn.BatchNorm.hostBackward): per channel sumG = sum gy and
     * sumGx = sum gy xhat, dBeta = sumG, dGamma = sumGx, and gx through the batch statistics when
     * {@code training}, else gamma invStd gy. Each of gx, dGamma, dBeta may be null (not wanted); gamma
     * may be null (1).
     */
    void batchNormBackward(int n, int channels, int plane, boolean training, Storage xhat, Storage invStd,
                           Storage gamma, Storage gy, Storage gx, Storage dGamma, Storage dBeta);

    // --- attention (ops.nn.Attention) ---

    /**
     * {@link Backend#attentionForward} on storages (ops.nn.Attention; the math of the CPU backend's
     * AttentionCpu): probs = softmax(scale q k^T + mask) row by row, with the maximum subtracted first
     * and a row masked everywhere giving zeros, then out = probs v. Shapes as {@link AttentionShape}
     * says; mask [seqQ, seqK] (additive, broadcast over the batch) or null. The probabilities are
     * the backward's input, so an op keeps {@code probs} instead of recomputing them.
     */
    void attentionForward(AttentionShape s, Storage q, Storage k, Storage v, Storage mask, float scale, Storage out,
                          Storage probs);

    /**
     * {@link Backend#attentionBackward} on storages, from the forward's probabilities P: dv = P^T dOut,
     * dS = P * (dOut v^T - rowsum(P * dOut v^T)), dq = scale dS k, dk = scale dS^T q. Any of dq, dk,
     * dv may be null: that gradient is not wanted and its products are skipped.
     */
    void attentionBackward(AttentionShape s, Storage q, Storage k, Storage v, Storage probs, Storage dOut, float scale,
                           Storage dq, Storage dk, Storage dv);

    // ---- strided views, general broadcasting and average pooling ----

    /** The most axes {@link #gather}, {@link #scatter}, {@link #broadcastBinary} and {@link #sumTo} take; ops with more run on the host. */
    int MAX_RANK = 6;

    /**
     * y[i] = x[offset + sum over d of idx_d(i) * strides[d]] for every row-major index i of {@code shape}
     * (tensor.Strided.materialise): materialises a strided view (ops.shape.Contiguous, a permutation, a
     * stride-0 expansion) into a row-major y of numel(shape) elements. Strides may be 0 or negative; every
     * element read must lie in x; y may not alias x.
     */
    void gather(int[] shape, Storage x, int offset, int[] strides, Storage y);

    /**
     * y[offset + sum over d of idx_d(i) * strides[d]] = x[i] for every row-major index i of {@code shape}
     * (tensor.Strided.scatter): writes the dense x into a strided region of y, the inverse of
     * {@link #gather} (ops.shape.Slice's backward, Concat's forward), and leaves y's other elements as
     * they are. The region may not overlap itself (no stride 0 on an axis longer than 1) and must lie in
     * y; y may not alias x.
     */
    void scatter(int[] shape, Storage x, Storage y, int offset, int[] strides);

    /**
     * y[i] = a[aOff + idx(i) . aStrides] op b[bOff + idx(i) . bStrides] for every row-major index i of
     * {@code shape}, idx(i) its coordinates: ops.elementwise Add, Sub, Mul, Div with NumPy broadcasting
     * (the host loops run on Strided.broadcastTo copies; here a broadcast axis has stride 0 instead), on
     * operands that may also be strided views. y has numel(shape) elements and aliases neither a nor b.
     */
    void broadcastBinary(Arith op, int[] shape, Storage a, int aOff, int[] aStrides, Storage b, int bOff,
                         int[] bStrides, Storage y);

    /**
     * tensor.Strided.sumTo on storages: sums the row-major g of shape {@code gShape} down to the shape
     * {@code target} it was broadcast from (target broadcasts to gShape; leading axes may be missing),
     * writing the row-major y of numel(target) elements. Each output adds its terms in increasing g
     * index in the parts tensor.Strided.sumParts gives, the host's order, so the bits are the host's; no
     * atomics. y may not alias g.
     */
    void sumTo(int[] gShape, Storage g, int[] target, Storage y);

    /** Average pooling (ops.nn.AvgPool2d.hostForward): window sum / kernel^2, padding counting as zeros. */
    void avgPool2dForward(PoolShape p, Storage x, Storage y);

    /**
     * AvgPool2d's backward (ops.nn.AvgPool2d.hostBackward): gx[i] = sum of gy[o] * (1 / kernel^2) over the windows o
     * that cover i, added in increasing o, without atomics.
     */
    void avgPool2dBackward(PoolShape p, Storage gy, Storage gx);

    // ---- unary elementwise ops and reductions over axes ----

    /**
     * The functions of {@link #unary} and {@link #unaryBackward}: the ops of ops.elementwise with one
     * input, whose host loops (ops.elementwise.UnaryHost, which names each op's) are the math here. Two
     * of them take constants: LEAKY_RELU's slope is {@code a}; CLAMP's bounds are {@code a} and {@code b};
     * POW's exponent is {@code a}. The others ignore a and b.
     */
    enum Unary { RELU, GELU, TANH, SIGMOID, EXP, LOG, SQRT, ABS, NEG, LEAKY_RELU, CLAMP, POW }

    /** y[i] = f(x[i]) for the op's f (its host forward loop, ops.elementwise.UnaryHost.forward); y may not alias x. */
    void unary(Unary op, Storage x, float a, float b, Storage y);

    /**
     * gx[i] = gy[i] f'(x[i]) as the op's host backward loop computes it (ops.elementwise.UnaryHost.backward),
     * which may use the forward's output y instead of x (Tanh, Sigmoid, Exp, Sqrt); x, y, gy and gx have
     * one length and gx aliases none of the others.
     */
    void unaryBackward(Unary op, Storage x, Storage y, Storage gy, float a, float b, Storage gx);

    /**
     * The maximum of each group of the row-major x of shape {@code xShape} that reduces to one element of
     * {@code target} (same rank, each axis equal to x's or 1: the reduced axes; ops.reduce.Max): y[o] = the
     * first maximal element of group o in increasing x index (a NaN wins only as the group's first element,
     * as on the host), and argmax[o] = that element's index in x, as an exact float (x has at most 2^24
     * elements). Neither y nor argmax aliases x.
     */
    void maxTo(int[] xShape, Storage x, int[] target, Storage y, Storage argmax);

    /**
     * Max's backward: gx[argmax[o]] = gy[o], every other element of gx 0 (the indices {@link #maxTo} wrote
     * are distinct, so nothing is summed).
     */
    void maxToBackward(Storage argmax, Storage gy, Storage gx);

    // ---- picking by index: ops.shape.IndexSelect, ops.shape.Gather (and ops.nn.Embedding, an IndexSelect) ----

    /**
     * y[o, j, i] = x[o, index[j], i] for x seen as [outer, axisSize, inner] and y [outer, n, inner], n the
     * length of {@code index} (ops.shape.IndexSelect.hostForward). The indices are exact floats in
     * [0, axisSize) (IndexSelect.indexValues; axisSize and n at most IndexSelect.MAX_DEVICE_INDEX); an
     * index out of range is refused, with its position. y aliases neither x nor index.
     */
    void indexSelect(int outer, int axisSize, int inner, Storage x, Storage index, Storage y);

    /**
     * IndexSelect's backward (IndexSelect.hostBackward): gx[o, s, i] = the sum of gy[o, j, i] over the j
     * with index[j] = s, added in increasing j, from the index's inverse map (IndexSelect.inverseMap:
     * axisSize + 1 offsets, then the n positions grouped by slice), so each element of gx sums its own
     * terms in the host's order, without atomics. gy is [outer, n, inner]; gx aliases neither input.
     */
    void indexSelectBackward(int outer, int axisSize, int inner, Storage inverse, Storage gy, Storage gx);

    /**
     * y[p] = x[o, index[p], i] for x seen as [outer, axisSize, inner] and p = o inner + i, one exact float
     * index per element of y (ops.shape.Gather.hostForward); an index out of range is refused. y aliases
     * neither x nor index.
     */
    void gatherAxis(int axisSize, int inner, Storage x, Storage index, Storage y);

    /**
     * Gather's backward (Gather.hostBackward): gx[o, s, i] = gy[p] where index[p] = s for p = o inner + i,
     * else 0. Each element of gx is picked by at most one p, so nothing is summed. gx has
     * axisSize times the length of index elements and aliases neither input.
     */
    void gatherAxisBackward(int axisSize, int inner, Storage index, Storage gy, Storage gx);
}
