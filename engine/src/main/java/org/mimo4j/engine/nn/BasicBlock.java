package org.mimo4j.engine.nn;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The ResNet basic block (He et al. 2016): two 3x3 convolutions with batch norm,
 * y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)); the shortcut is the identity, or a 1x1
 * strided convolution with batch norm ("downsample") when the stride or channel count changes.
 * Convolutions have no bias (batch norm supplies the shift) and Kaiming-normal weights.
 */
public final class BasicBlock extends Layer {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential downsample;

    public BasicBlock(int inChannels, int outChannels, int stride, Rng rng) {
        this.conv1 = addModule("conv1", conv(inChannels, outChannels, 3, stride, 1, rng));
        this.bn1 = addModule("bn1", new BatchNorm2d(outChannels));
        this.conv2 = addModule("conv2", conv(outChannels, outChannels, 3, 1, 1, rng));
        this.bn2 = addModule("bn2", new BatchNorm2d(outChannels));
        this.downsample = stride != 1 || inChannels != outChannels
                ? addModule("downsample", new Sequential(conv(inChannels, outChannels, 1, stride, 0, rng),
                        new BatchNorm2d(outChannels)))
                : null;
    }

    static Conv2d conv(int in, int out, int kernel, int stride, int padding, Rng rng) {
        Conv2d c = new Conv2d(in, out, kernel, stride, padding, 1, 1, false, rng);
        Init.kaimingNormal(c.weight().tensor(), rng);
        return c;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = bn1.forward(conv1.forward(x)).relu();
        h = bn2.forward(conv2.forward(h));
        return h.add(downsample == null ? x : downsample.forward(x)).relu();
    }
}
