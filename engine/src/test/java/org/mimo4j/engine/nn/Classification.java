package org.mimo4j.engine.nn;

import org.mimo4j.engine.autograd.NoGrad;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/** A generated classification problem (features [n, ...] and labels) with a minibatch training loop. */
record Classification(float[] x, int[] y, int[] sampleShape) {

    int size() {
        return y.length;
    }

    private int width() {
        return x.length / y.length;
    }

    Tensor batch(int[] idx, int from, int to) {
        int w = width();
        float[] b = new float[(to - from) * w];
        for (int i = from; i < to; i++) {
            System.arraycopy(x, idx[i] * w, b, (i - from) * w, w);
        }
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = to - from;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return Tensor.of(b, shape);
    }

    int[] labels(int[] idx, int from, int to) {
        int[] l = new int[to - from];
        for (int i = from; i < to; i++) {
            l[i - from] = y[idx[i]];
        }
        return l;
    }

    /** Seeded minibatch training with cross-entropy. */
    void train(Layer model, Optimizer opt, int epochs, int batchSize, Rng rng) {
        int[] idx = identity();
        model.train();
        for (int e = 0; e < epochs; e++) {
            rng.shuffle(idx);
            for (int from = 0; from < size(); from += batchSize) {
                int to = Math.min(size(), from + batchSize);
                opt.zeroGrad();
                F.crossEntropy(model.forward(batch(idx, from, to)), labels(idx, from, to)).backward();
                opt.step();
            }
        }
    }

    /** Fraction of samples whose arg-max logit is the label, in evaluation mode. */
    double accuracy(Layer model) {
        model.eval();
        try (var g = NoGrad.enter()) {
            int[] idx = identity();
            Tensor logits = model.forward(batch(idx, 0, size()));
            int classes = logits.size(1);
            float[] d = logits.data();
            int correct = 0;
            for (int i = 0; i < size(); i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (d[i * classes + c] > d[i * classes + best]) {
                        best = c;
                    }
                }
                correct += best == y[i] ? 1 : 0;
            }
            return correct / (double) size();
        }
    }

    private int[] identity() {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
