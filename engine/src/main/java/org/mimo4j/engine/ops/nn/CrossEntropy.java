package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.shape.IndexSelect;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Cross-entropy of logits [n, c] against integer labels, with optional label smoothing ε: the target
 * is q = (1 - ε) onehot(label) + ε / c and loss_i = -sum_j q_ij log softmax(x_i)_j, reduced by mean or
 * sum to a scalar. Gradient: dx_i = (softmax(x_i) - q_i) * dy (divided by n for the mean).
 *
 * <p>With a device backend and dense logits the loss stays on the device (a one-element storage, read
 * when someone asks for its value); the labels go up once, as exact floats, and serve forward and
 * backward. Several losses on the labels of one batch can share that float copy ({@link #labelValues}),
 * so that it goes up once for all of them.
 */
public final class CrossEntropy extends Node {
    private final Storage logProbs;
    private final int[] labels;
    private final int classes;
    private final float smoothing;
    private final Reduction reduction;
    private Storage labelValues;

    private CrossEntropy(Tensor x, Storage logProbs, int[] labels, int classes, float smoothing, Reduction reduction,
                         Storage labelValues) {
        super(x);
        this.logProbs = logProbs;
        this.labels = labels;
        this.classes = classes;
        this.smoothing = smoothing;
        this.reduction = reduction;
        this.labelValues = labelValues;
    }

    public static Tensor apply(Tensor logits, int[] labels, Reduction reduction, float smoothing) {
        return apply(logits, labels, null, reduction, smoothing);
    }

    /**
     * The loss with {@code labelValues}, {@link #labelValues} of these same labels (null: made here when the
     * device path needs them).
     */
    public static Tensor apply(Tensor logits, int[] labels, Storage labelValues, Reduction reduction, float smoothing) {
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
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && s[0] > 0 && logits.dense() != null) {
            return onDevice(dk, logits, labels, labelValues, reduction, smoothing);
        }
        float[] lp = new float[s[0] * s[1]];
        float loss = hostForward(s[0], s[1], logits.data(), labels, smoothing, reduction == Reduction.MEAN, lp);
        CrossEntropy op = new CrossEntropy(logits, Storage.wrap(lp), labels.clone(), s[1], smoothing, reduction, null);
        return Tensor.fromOp(new float[] {loss}, new int[0], op.ifRecording());
    }

    /**
     * The host forward: log-softmax of logits x [rows, classes] into lp, and the loss reduced by mean
     * (when {@code mean}) or sum, accumulated in double. The reference the device kernels are held to.
     */
    public static float hostForward(int rows, int classes, float[] x, int[] labels, float smoothing, boolean mean,
                                    float[] lp) {
        Softmax.hostForward(rows, classes, 1, true, x, lp);
        double total = 0;
        for (int i = 0; i < rows; i++) {
            double rowSum = 0;
            for (int j = 0; j < classes; j++) {
                rowSum += lp[i * classes + j];
            }
            total -= (1 - smoothing) * lp[i * classes + labels[i]] + smoothing / classes * rowSum;
        }
        if (mean && rows > 0) {
            total /= rows;
        }
        return (float) total;
    }

    /** The host backward: gx = (exp(lp) - q) * gy (/ rows for the mean), q the smoothed one-hot target. */
    public static void hostBackward(int rows, int classes, float[] lp, int[] labels, float smoothing, boolean mean,
                                    float gy, float[] gx) {
        float scale = mean ? gy / rows : gy;
        float off = smoothing / classes;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < classes; j++) {
                int k = i * classes + j;
                float q = off + (j == labels[i] ? 1 - smoothing : 0f);
                gx[k] = ((float) Math.exp(lp[k]) - q) * scale;
            }
        }
    }

    private static Tensor onDevice(DeviceKernels dk, Tensor logits, int[] labels, Storage shared, Reduction reduction,
                                   float smoothing) {
        int rows = labels.length;
        int classes = logits.size(1);
        Storage labelValues = shared != null ? shared : labelValues(labels);
        if (labelValues.length() != rows) {
            throw new IllegalArgumentException("crossEntropy: " + labelValues.length() + " label values for " + rows
                    + " labels; pass labelValues(labels) of the same labels");
        }
        Storage lp = dk.allocate(rows * classes);
        Storage loss = dk.allocate(1);
        dk.crossEntropyForward(rows, classes, logits.dense(), labelValues, smoothing, reduction == Reduction.MEAN,
                lp, loss);
        CrossEntropy op = new CrossEntropy(logits, lp, labels.clone(), classes, smoothing, reduction, labelValues);
        return Tensor.fromOp(loss, new int[0], op.ifRecording());
    }

    /** Class indices as floats (exact below 2^24, far above any class count), as the device kernels take them. */
    public static Storage labelValues(int[] labels) {
        return IndexSelect.indexValues(labels);
    }

    @Override
    public String name() {
        return "crossEntropy";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || labels.length == 0) {
            return super.backward(gy, dk);
        }
        if (labelValues == null) {
            labelValues = labelValues(labels);
        }
        Storage gx = dk.allocate(logProbs.length());
        dk.crossEntropyBackward(labels.length, classes, logProbs, labelValues, smoothing, reduction == Reduction.MEAN,
                gy, gx);
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = GradientArrays.take(logProbs.length());
        hostBackward(labels.length, classes, logProbs.read(), labels, smoothing, reduction == Reduction.MEAN, gy[0], gx);
        return new float[][] {gx};
    }
}
