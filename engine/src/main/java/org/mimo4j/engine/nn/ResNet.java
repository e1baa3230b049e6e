package org.mimo4j.engine.nn;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A ResNet of {@link BasicBlock}s on NCHW images: a stem, four stages of widths w, 2w, 4w, 8w (the
 * last three halving the resolution), global average pooling and an optional linear head. The
 * ImageNet stem is a 7x7 stride-2 convolution and a 3x3 stride-2 max pool; the small-image stem (for
 * 28x28 to 64x64 inputs such as MNIST digits or spectrograms) is one 3x3 stride-1 convolution, which
 * keeps enough resolution for the later stages.
 */
public final class ResNet extends Layer {
    private final Sequential body;
    private final Linear head;
    private final int features;

    /**
     * @param blocks       basic blocks per stage, e.g. {2, 2, 2, 2} for ResNet-18
     * @param outFeatures  width of a final linear layer, or 0 for none (the output is then 8w pooled features)
     */
    public ResNet(int inChannels, int width, int[] blocks, boolean imagenetStem, int outFeatures, Rng rng) {
        if (inChannels <= 0 || width <= 0 || blocks.length != 4 || outFeatures < 0) {
            throw new IllegalArgumentException("ResNet needs inChannels > 0, width > 0, four stages and outFeatures >= 0;"
                    + " got " + inChannels + ", " + width + ", " + blocks.length + " stages, " + outFeatures);
        }
        Sequential s = new Sequential();
        if (imagenetStem) {
            s.add("conv1", BasicBlock.conv(inChannels, width, 7, 2, 3, rng)).add("bn1", new BatchNorm2d(width))
                    .add("relumaxpool", new Pool2d(Pool2d.Kind.RELU_MAX, 3, 2, 1)); // relu, then the pool, in one op
        } else {
            s.add("conv1", BasicBlock.conv(inChannels, width, 3, 1, 1, rng)).add("bn1", new BatchNorm2d(width))
                    .add("relu", Activation.relu());
        }
        int channels = width;
        for (int stage = 0; stage < 4; stage++) {
            int out = width << stage;
            Sequential layer = new Sequential();
            for (int b = 0; b < blocks[stage]; b++) {
                layer.add(new BasicBlock(channels, out, b == 0 && stage > 0 ? 2 : 1, rng));
                channels = out;
            }
            s.add("layer" + (stage + 1), layer);
        }
        s.add("avgpool", new GlobalAvgPool());
        this.body = addModule("body", s);
        this.head = outFeatures > 0 ? addModule("fc", new Linear(channels, outFeatures, rng)) : null;
        this.features = outFeatures > 0 ? outFeatures : channels;
    }

    /** ResNet-18: two basic blocks per stage. */
    public static ResNet resnet18(int inChannels, int width, boolean imagenetStem, int outFeatures, Rng rng) {
        return new ResNet(inChannels, width, new int[] {2, 2, 2, 2}, imagenetStem, outFeatures, rng);
    }

    /** Width of the output: outFeatures, or 8 * width without a head. */
    public int outputFeatures() {
        return features;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = body.forward(x);
        return head == null ? h : head.forward(h);
    }
}
