package org.mimo4j.engine.ops;

import org.mimo4j.engine.ops.nn.Attention;
import org.mimo4j.engine.ops.nn.AvgPool2d;
import org.mimo4j.engine.ops.nn.BatchNorm;
import org.mimo4j.engine.ops.nn.Conv2d;
import org.mimo4j.engine.ops.nn.CrossEntropy;
import org.mimo4j.engine.ops.nn.Dropout;
import org.mimo4j.engine.ops.nn.Embedding;
import org.mimo4j.engine.ops.nn.GlobalAvgPool;
import org.mimo4j.engine.ops.nn.LayerNorm;
import org.mimo4j.engine.ops.nn.Linear;
import org.mimo4j.engine.ops.nn.MaxPool2d;
import org.mimo4j.engine.ops.nn.Reduction;
import org.mimo4j.engine.ops.nn.Softmax;
import org.mimo4j.engine.ops.shape.Concat;
import org.mimo4j.engine.ops.shape.Gather;
import org.mimo4j.engine.ops.shape.IndexSelect;
import org.mimo4j.engine.ops.shape.Stack;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The functional facade of the neural-network ops: one static method per op, each delegating to the
 * op's class (where its forward, backward and documentation live). Elementwise, reduction and shape
 * ops are {@link Tensor} methods instead.
 */
public final class F {
    private F() {
    }

    /** y = x W^T + b; x [..., in], weight [out, in], bias [out] or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return Linear.apply(x, weight, bias);
    }

    /** 2-D convolution with the same stride, padding and dilation on both axes. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Conv2d.apply(x, weight, bias, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {dilation, dilation}, groups);
    }

    /** 2-D convolution with per-axis {h, w} stride, padding and dilation. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return Conv2d.apply(x, weight, bias, stride, padding, dilation, groups);
    }

    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return MaxPool2d.apply(x, kernel, stride, padding);
    }

    /**
     * maxPool2d(x.relu(), ...) in one op: the same values and gradients bit for bit, without relu's passes
     * over the whole input (the conv, relu, pool of a CNN).
     */
    public static Tensor reluMaxPool2d(Tensor x, int kernel, int stride, int padding) {
        return MaxPool2d.afterRelu(x, kernel, stride, padding);
    }

    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        return AvgPool2d.apply(x, kernel, stride, padding);
    }

    /** [n, c, h, w] -> [n, c]. */
    public static Tensor globalAvgPool(Tensor x) {
        return GlobalAvgPool.apply(x);
    }

    /** See {@link BatchNorm}: running statistics are updated in place when training. */
    public static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   boolean training, float momentum, float eps) {
        return BatchNorm.apply(x, gamma, beta, runningMean, runningVar, training, momentum, eps);
    }

    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor gamma, Tensor beta, float eps) {
        return LayerNorm.apply(x, normalizedShape, gamma, beta, eps);
    }

    public static Tensor softmax(Tensor x, int axis) {
        return Softmax.apply(x, axis);
    }

    public static Tensor logSoftmax(Tensor x, int axis) {
        return Softmax.apply(x, axis, true);
    }

    /** Mean cross-entropy of logits [n, c] against labels, without label smoothing. */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        return CrossEntropy.apply(logits, labels, Reduction.MEAN, 0f);
    }

    /**
     * Mean cross-entropy with the labels' float copy made once by {@link CrossEntropy#labelValues} and shared
     * by several losses of one batch (on a device backend it goes up once, not once per loss).
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels, Storage labelValues) {
        return CrossEntropy.apply(logits, labels, labelValues, Reduction.MEAN, 0f);
    }

    public static Tensor crossEntropy(Tensor logits, int[] labels, Reduction reduction, float labelSmoothing) {
        return CrossEntropy.apply(logits, labels, reduction, labelSmoothing);
    }

    public static Tensor dropout(Tensor x, float p, boolean training, Rng rng) {
        return Dropout.apply(x, p, training, rng);
    }

    /** Rows of weight [vocab, dim] for token ids of shape {@code idShape}: [idShape..., dim]. */
    public static Tensor embedding(Tensor weight, int[] ids, int... idShape) {
        return Embedding.apply(weight, ids, idShape);
    }

    /** Rows of weight [vocab, dim] for a flat list of ids: [ids.length, dim]. */
    public static Tensor embedding(Tensor weight, int[] ids) {
        return Embedding.apply(weight, ids, ids.length);
    }

    /** softmax(q k^T / sqrt(d) + mask) v; mask [sq, sk] or null. */
    public static Tensor attention(Tensor q, Tensor k, Tensor v, Tensor mask) {
        return Attention.apply(q, k, v, mask);
    }

    public static Tensor attention(Tensor q, Tensor k, Tensor v, Tensor mask, float scale) {
        return Attention.apply(q, k, v, mask, scale);
    }

    public static Tensor concat(int axis, Tensor... xs) {
        return Concat.apply(axis, xs);
    }

    public static Tensor stack(int axis, Tensor... xs) {
        return Stack.apply(axis, xs);
    }

    public static Tensor indexSelect(Tensor x, int axis, int[] index) {
        return IndexSelect.apply(x, axis, index);
    }

    /** One element along {@code axis} per position of the other axes; see {@link Gather}. */
    public static Tensor gather(Tensor x, int axis, int[] index) {
        return Gather.apply(x, axis, index);
    }
}
