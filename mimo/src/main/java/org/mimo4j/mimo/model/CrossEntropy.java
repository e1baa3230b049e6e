package org.mimo4j.mimo.model;

import org.mimo4j.engine.tensor.Tensor;

/**
 * Mean softmax cross-entropy of logits [batch, C] against integer labels, composed from engine ops
 * (log-sum-exp with the row max subtracted for stability; the max is detached because the result
 * does not depend on it), plus the matching argmax for accuracy.
 */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /** The scalar loss -1/B Σ_i log softmax(logits_i)[y_i]. */
    public static Tensor loss(Tensor logits, int[] labels) {
        int batch = logits.size(0);
        int classes = logits.size(1);
        if (labels.length != batch) {
            throw new IllegalArgumentException("cross-entropy: " + labels.length + " labels for logits of batch " + batch);
        }
        Tensor shifted = logits.sub(logits.max(true, 1).detach());
        Tensor logProb = shifted.sub(shifted.exp().sum(true, 1).log());
        return logProb.mul(oneHot(labels, classes)).sum().mul(-1f / batch);
    }

    /** One-hot rows [labels.length, classes]; fails naming the label out of range. */
    public static Tensor oneHot(int[] labels, int classes) {
        float[] data = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at example " + i + " is outside [0, "
                        + classes + ")");
            }
            data[i * classes + labels[i]] = 1f;
        }
        return Tensor.of(data, labels.length, classes);
    }

    /** Row-wise argmax of logits [batch, C]. */
    public static int[] argmax(Tensor logits) {
        int batch = logits.size(0);
        int classes = logits.size(1);
        float[] d = logits.contiguous().data();
        int[] out = new int[batch];
        for (int i = 0; i < batch; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (d[i * classes + c] > d[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
