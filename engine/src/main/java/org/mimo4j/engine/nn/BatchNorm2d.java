package org.mimo4j.engine.nn;

import java.util.Arrays;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Batch normalisation per channel of NCHW input, with learnable scale ("weight", ones) and shift
 * ("bias", zeros), and buffers "running_mean" (zeros) and "running_var" (ones). Training mode
 * normalises with the batch statistics and updates the running ones in place,
 * running = (1 - momentum) running + momentum * batch; evaluation mode uses the running statistics.
 */
public final class BatchNorm2d extends Layer {
    private final int channels;
    private final float momentum;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;

    public BatchNorm2d(int channels, float momentum, float eps) {
        if (channels <= 0 || !(momentum >= 0 && momentum <= 1) || !(eps > 0)) {
            throw new IllegalArgumentException("BatchNorm2d needs channels > 0, momentum in [0, 1], eps > 0; got "
                    + channels + ", " + momentum + ", " + eps);
        }
        this.channels = channels;
        this.momentum = momentum;
        this.eps = eps;
        this.weight = addParameter("weight", Tensor.ones(channels));
        this.bias = addParameter("bias", Tensor.zeros(channels));
        this.runningMean = addBuffer("running_mean", Tensor.zeros(channels));
        this.runningVar = addBuffer("running_var", Tensor.ones(channels));
    }

    /** PyTorch's defaults: momentum 0.1, eps 1e-5. */
    public BatchNorm2d(int channels) {
        this(channels, 0.1f, 1e-5f);
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != channels) {
            throw new IllegalArgumentException("BatchNorm2d(" + channels + "): input shape " + Arrays.toString(x.shape())
                    + " must be [n, " + channels + ", h, w]");
        }
        return F.batchNorm(x, weight.tensor(), bias.tensor(), runningMean, runningVar, isTraining(), momentum, eps);
    }
}
