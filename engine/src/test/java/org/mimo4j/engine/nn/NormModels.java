package org.mimo4j.engine.nn;

import org.mimo4j.engine.autograd.NoGrad;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Three small models with normalisation layers and a seeded run of each: a few SGD steps (momentum 0.9)
 * on fresh host batches, as a data loader gives them, then one evaluation-mode loss. The device
 * residency tests (engine's on the host test double, kernels' on OpenCL) run these on a device backend
 * and on the CPU, compare the losses and count what each step moved between {@code start} and
 * {@code end} of {@link Steps}: exactly the batch (images and labels) up, the dropout masks a training
 * step draws on the host ({@link Model#masksPerTrainingStep()}), and the loss down.
 */
public final class NormModels {
    public static final int BATCH = 8;
    public static final int CLASSES = 5;
    private static final int SEQ = 6;
    private static final int D_MODEL = 8;
    private static final int FF_WIDTH = 16;

    /** The models: their layers and the shape of one example. */
    public enum Model {
        /** Linear 12 -> 16, LayerNorm(16), ReLU, Linear 16 -> 5, cross-entropy. */
        LAYER_NORM_MLP(12),
        /** Conv 1 -> 4 3x3 pad 1, BatchNorm2d(4), ReLU, max pool 2, flatten, Linear 64 -> 5, cross-entropy. */
        BATCH_NORM_CNN(1, 8, 8),
        /**
         * A pre-norm Transformer encoder layer on [batch, 6, 8] (2 heads, feed-forward 8 -> 16 -> 8 with GELU,
         * dropout 0.1 after attention, inside the feed-forward and after it), flatten, Linear 48 -> 5,
         * cross-entropy.
         */
        PRE_NORM_TRANSFORMER(SEQ, D_MODEL);

        private final int[] example;

        Model(int... example) {
            this.example = example;
        }

        /** Floats of one example. */
        public int exampleSize() {
            int n = 1;
            for (int d : example) {
                n *= d;
            }
            return n;
        }

        /** Dropout masks a training step draws on the host and a device backend uploads (none when evaluating). */
        public int masksPerTrainingStep() {
            return this == PRE_NORM_TRANSFORMER ? 3 : 0;
        }

        /** Floats of those masks together: two over [batch, seq, dModel], one over [batch, seq, ffWidth]. */
        public long maskFloatsPerTrainingStep() {
            return this == PRE_NORM_TRANSFORMER ? (long) BATCH * SEQ * (2 * D_MODEL + FF_WIDTH) : 0;
        }
    }

    /** Called around each training step (0 .. steps - 1) and around the evaluation step ({@code steps}). */
    public interface Steps {
        /** Hooks that do nothing, for a run whose transfers nobody counts. */
        Steps NONE = new Steps() {
        };

        default void start(int step) {
        }

        default void end(int step) {
        }
    }

    /**
     * Losses of the training steps and, last, of the evaluation step; the batch norm's running
     * statistics after training (null for the MLP), read after the last {@link Steps#end}.
     */
    public record Run(float[] losses, float[] runningMean, float[] runningVar) {
    }

    private NormModels() {
    }

    /** {@code steps} training steps of {@code model} and one evaluation step, on the current backend. */
    public static Run train(Model model, int steps, Steps hook) {
        Rng rng = new Rng(23);
        BatchNorm2d bn = model == Model.BATCH_NORM_CNN ? new BatchNorm2d(4) : null;
        Sequential net = switch (model) {
            case LAYER_NORM_MLP -> new Sequential(new Linear(12, 16, rng), new LayerNorm(16), Activation.relu(),
                    new Linear(16, CLASSES, rng));
            case BATCH_NORM_CNN -> new Sequential(new Conv2d(1, 4, 3, 1, 1, rng), bn, Activation.relu(), Pool2d.max(2, 2),
                    new Flatten(), new Linear(4 * 4 * 4, CLASSES, rng));
            case PRE_NORM_TRANSFORMER -> new Sequential(new TransformerEncoderLayer(D_MODEL, 2, FF_WIDTH, 0.1,
                    Activation.Kind.GELU, true, rng), new Flatten(), new Linear(SEQ * D_MODEL, CLASSES, rng));
        };
        Sgd sgd = new Sgd(net.namedParameters(), 0.05f, 0.9f, false, 0f);
        float[] losses = new float[steps + 1];
        for (int s = 0; s <= steps; s++) {
            int[] shape = new int[model.example.length + 1];
            shape[0] = BATCH;
            System.arraycopy(model.example, 0, shape, 1, model.example.length);
            Tensor x = Tensor.randn(rng, shape);
            int[] labels = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                labels[i] = rng.nextInt(CLASSES);
            }
            hook.start(s);
            if (s < steps) {
                Tensor loss = F.crossEntropy(net.forward(x), labels);
                losses[s] = loss.item();
                sgd.zeroGrad();
                loss.backward();
                sgd.step();
            } else {
                net.eval();
                try (NoGrad g = NoGrad.enter()) {
                    losses[s] = F.crossEntropy(net.forward(x), labels).item();
                }
            }
            hook.end(s);
        }
        return bn == null ? new Run(losses, null, null)
                : new Run(losses, bn.runningMean().data().clone(), bn.runningVar().data().clone());
    }
}
