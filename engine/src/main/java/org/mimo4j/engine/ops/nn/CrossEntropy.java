package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Cross-entropy of logits [n, c] against integer labels, with optional label smoothing ε: the target
 * is q = (1 - ε) onehot(label) + ε / c and loss_i = -sum_j q_ij log softmax(x_i)_j, reduced by mean or
 * sum to a scalar. Gradient: dx_i = (softmax(x_i) - q_i) * dy (divided by n for the mean).
 */
public final class CrossEntropy extends Node {
    private final float[] logProbs;
    private final int[] labels;
    private final int classes;
    private final float smoothing;
    private final Reduction reduction;

    private CrossEntropy(Tensor x, float[] logProbs, int[] labels, int classes, float smoothing, Reduction reduction) {
        super(x);
        this.logProbs = logProbs;
        this.labels = labels;
        this.classes = classes;
        this.smoothing = smoothing;
        this.reduction = reduction;
    }

    public static Tensor apply(Tensor logits, int[] labels, Reduction reduction, float smoothing) {
        int[] s = logits.shape();
        if (s.length != 2 || s[1] == 0) {
            throw new IllegalArgumentException("crossEntropy: logits " + Shapes.str(s) + " must be [n, classes]");
        }
        if (labels.length != s[0]) {
            throw new IllegalArgumentException("crossEntropy: " + labels.length + " labels for " + s[0] + " rows of logits "
                    + Shapes.str(s));
        }
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1), got " + smoothing);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= s[1]) {
                throw new IndexOutOfBoundsException("crossEntropy: label " + labels[i] + " of example " + i
                        + " is outside [0, " + s[1] + ")");
            }
        }
        float[] lp = LogSoftmax.compute(logits.data(), new AxisLayout(s[0], s[1], 1), true);
        double total = 0;
        for (int i = 0; i < s[0]; i++) {
            double rowSum = 0;
            for (int j = 0; j < s[1]; j++) {
                rowSum += lp[i * s[1] + j];
            }
            total -= (1 - smoothing) * lp[i * s[1] + labels[i]] + smoothing / s[1] * rowSum;
        }
        if (reduction == Reduction.MEAN && s[0] > 0) {
            total /= s[0];
        }
        CrossEntropy op = new CrossEntropy(logits, lp, labels.clone(), s[1], smoothing, reduction);
        return Tensor.fromOp(new float[] {(float) total}, new int[0], op.ifRecording());
    }

    @Override
    public String name() {
        return "crossEntropy";
    }

    @Override
    protected float[][] backward(float[] gy) {
        float scale = reduction == Reduction.MEAN ? gy[0] / labels.length : gy[0];
        float[] gx = new float[logProbs.length];
        float off = smoothing / classes;
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < classes; j++) {
                int k = i * classes + j;
                float q = off + (j == labels[i] ? 1 - smoothing : 0f);
                gx[k] = ((float) Math.exp(logProbs[k]) - q) * scale;
            }
        }
        return new float[][] {gx};
    }
}
