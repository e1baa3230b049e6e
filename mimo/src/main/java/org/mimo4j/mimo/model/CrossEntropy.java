package org.mimo4j.mimo.model;

import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The training loss and accuracy helpers of the multi-modal model: mean softmax cross-entropy of
 * logits [batch, C] against integer labels (the engine's fused {@code crossEntropy} op, whose forward
 * is one log-softmax pass and whose backward is softmax minus one-hot, and which has a device kernel)
 * and the matching argmax.
 */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /** The scalar loss -1/B Σ_i log softmax(logits_i)[y_i]; fails naming a label out of range. */
    public static Tensor loss(Tensor logits, int[] labels) {
        return loss(logits, labels, null);
    }

    /**
     * The same loss with the labels' float copy shared by the batch's losses ({@link #labelValues}; null:
     * made for this loss alone), so that a device backend uploads the labels once per batch.
     */
    public static Tensor loss(Tensor logits, int[] labels, Storage labelValues) {
        int batch = logits.size(0);
        int classes = logits.size(1);
        if (labels.length != batch) {
            throw new IllegalArgumentException("cross-entropy: " + labels.length + " labels for logits of batch " + batch);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at example " + i + " is outside [0, "
                        + classes + ")");
            }
        }
        return labelValues == null ? F.crossEntropy(logits, labels) : F.crossEntropy(logits, labels, labelValues);
    }

    /** The labels as the exact floats the engine's loss kernels read, to share between the losses of a batch. */
    public static Storage labelValues(int[] labels) {
        return org.mimo4j.engine.ops.nn.CrossEntropy.labelValues(labels);
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
