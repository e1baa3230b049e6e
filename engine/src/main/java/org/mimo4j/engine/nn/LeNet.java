package org.mimo4j.engine.nn;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A LeNet-5-style CNN (LeCun et al. 1998) for small square images: conv 5x5 (padding 2) to 6 maps,
 * ReLU, 2x2 max pool, conv 5x5 to 16 maps, ReLU, 2x2 max pool, then fully connected layers of 120 and
 * 84 units with ReLU and a final linear layer of {@code outFeatures}. For 28x28 input the flattened
 * features are 16 x 5 x 5, as in the original. Each ReLU and pool run as one op ({@link Pool2d#reluMax}).
 */
public final class LeNet extends Layer {
    private final int inChannels;
    private final int inputSize;
    private final Sequential net;

    public LeNet(int inChannels, int inputSize, int outFeatures, Rng rng) {
        if (inChannels <= 0 || outFeatures <= 0 || inputSize < 12) {
            throw new IllegalArgumentException("LeNet needs inChannels > 0, outFeatures > 0 and inputSize >= 12 (two"
                    + " conv/pool stages); got " + inChannels + ", " + outFeatures + ", " + inputSize);
        }
        this.inChannels = inChannels;
        this.inputSize = inputSize;
        int side = (inputSize / 2 - 4) / 2;
        this.net = addModule("net", new Sequential()
                .add("conv1", new Conv2d(inChannels, 6, 5, 1, 2, rng)).add("relu1pool1", Pool2d.reluMax(2, 2))
                .add("conv2", new Conv2d(6, 16, 5, 1, 0, rng)).add("relu2pool2", Pool2d.reluMax(2, 2))
                .add("flatten", new Flatten())
                .add("fc1", new Linear(16 * side * side, 120, rng)).add("relu3", Activation.relu())
                .add("fc2", new Linear(120, 84, rng)).add("relu4", Activation.relu())
                .add("fc3", new Linear(84, outFeatures, rng)));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != inChannels || x.size(2) != inputSize || x.size(3) != inputSize) {
            throw new IllegalArgumentException("LeNet: input shape " + java.util.Arrays.toString(x.shape())
                    + " must be [n, " + inChannels + ", " + inputSize + ", " + inputSize + "]");
        }
        return net.forward(x);
    }
}
